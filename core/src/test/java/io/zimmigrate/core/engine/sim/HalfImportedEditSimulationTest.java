package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.rules.Rejection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, seed 775 of the delta simulation: a one-to-one message lands in its sender's view, the run is killed
 * before its recipient's view is sent, and the next export edits it. The delta reports it changed ("ZIM keeps the
 * imported version; it is not imported again"), so the view that had none gets the imported version too: both
 * participants hold the same message, once. Through the real protocol gateway over the simulated ZIM, no faults.
 */
class HalfImportedEditSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long T = NOW - 86_400_000L;
    private static final String SENDER_VIEW = "p:u0\u0000u1";
    private static final String RECIPIENT_VIEW = "p:u1\u0000u0";

    @Test
    void theViewNotYetImportedGetsTheImportedVersionOfAnEditedMessage() throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        killedAfterTheSendersView(world, zim, journal, plans);

        List<String> changed = new ArrayList<>();
        MigrationListener listener = new MigrationListener() {
            @Override
            public void onEvent(io.zimmigrate.core.engine.MigrationEvent e) {}

            @Override
            public void onRejection(Rejection r) {
                if (r.violations().get(0).rule().equals("record.changed-since-import")) {
                    changed.add(r.id() + ": " + r.violations().get(0).message());
                }
            }
        };
        MigrationReport report = SimMigration.builder(second(), zim, journal, new SimLoop(world, Long.MAX_VALUE), 2)
                .planStore(plans).listener(listener).build().run();
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(bodies(zim, SENDER_VIEW)).containsExactly(body(0), body(1));
        assertThat(bodies(zim, RECIPIENT_VIEW)).as("the imported version, as in the sender's view")
                .containsExactly(body(0), body(1));
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0)).startsWith("m-0: ").contains("not imported again")
                .contains("imported version too");
    }

    /**
     * The delta itself is killed after its journal rewrite, before the recipient's view of m-0 is sent: the run
     * that resumes it (the same export) still sends that view the imported version, not the edit.
     */
    @Test
    void aDeltaKilledBeforeItCompletedTheViewStillCompletesItWithTheImportedVersion() throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        killedAfterTheSendersView(world, zim, journal, plans);
        String sending = "[\"s\",\"" + RECIPIENT_VIEW.replace("\u0000", "\\u0000") + "\"," + T + ",";
        Journal dying = new InFlightEditSimulationTest.KilledAt(journal, line -> line.startsWith(sending), false);
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        try {
            SimMigration.builder(second(), zim, dying, loop, 2).planStore(plans).build().run();
            throw new AssertionError("the delta was to be killed before the recipient's view of m-0 was sent");
        } catch (SimLoop.SimulatedCrash expected) {
            loop.kill();
        }
        world.pass(2_000);
        assertThat(bodies(zim, RECIPIENT_VIEW)).as("what the killed delta left in the recipient's view").isEmpty();

        MigrationReport report = SimMigration.builder(second(), zim, journal, new SimLoop(world, Long.MAX_VALUE), 3)
                .planStore(plans).build().run();
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(bodies(zim, SENDER_VIEW)).containsExactly(body(0), body(1));
        assertThat(bodies(zim, RECIPIENT_VIEW)).as("the imported version, as in the sender's view")
                .containsExactly(body(0), body(1));
    }

    /**
     * An ordinary changed message (imported into both views, then edited): reported by the delta that first sees
     * the edit, and not by a later delta whose export still holds it (that export is compared with the one before,
     * which held it too); its calls are counted once in what earlier runs rejected.
     */
    @Test
    void anOrdinaryChangedMessageIsReportedOnceAcrossDeltas() throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        SimMigration.builder(new ListSource(List.of(message(0, ""), message(1, "")), "export-1"), zim, journal,
                new SimLoop(world, Long.MAX_VALUE), 1).planStore(plans).build().run();
        Deltas d = new Deltas();
        d.run(second(), world, zim, journal, plans);
        d.run(third(), world, zim, journal, plans);
        d.run(fourth(), world, zim, journal, plans);
        assertThat(d.changed).containsExactly(List.of("m-0"), List.of(), List.of());
        assertThat(d.rejectedEarlier).as("what earlier runs rejected, as each delta found it").containsExactly(0L, 2L, 2L);
    }

    /**
     * Session 12: a completed half-imported message is reported once, as an ordinary one: after the delta that
     * completed its view, a later export that still holds the edit does not report it again nor count its calls
     * again among what earlier runs rejected (before: reported at every later delta, its two calls added each time).
     */
    @Test
    void aCompletedMessageIsReportedOnceAcrossDeltas() throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        killedAfterTheSendersView(world, zim, journal, plans);
        Deltas d = new Deltas();
        d.run(second(), world, zim, journal, plans);
        d.run(third(), world, zim, journal, plans);
        d.run(fourth(), world, zim, journal, plans);
        assertThat(d.changed).containsExactly(List.of("m-0"), List.of(), List.of());
        assertThat(d.rejectedEarlier).as("what earlier runs rejected, as each delta found it").containsExactly(0L, 1L, 1L);
        assertThat(bodies(zim, SENDER_VIEW)).containsExactly(body(0), body(1), body(2), body(3));
        assertThat(bodies(zim, RECIPIENT_VIEW)).containsExactly(body(0), body(1), body(2), body(3));
    }

    /** Delta runs one after the other: per run, the IDs reported changed and the earlier rejections it found. */
    private static final class Deltas {
        final List<List<String>> changed = new ArrayList<>();
        final List<Long> rejectedEarlier = new ArrayList<>();

        void run(ListSource export, SimWorld world, SimulatedZim zim, Journal journal, InMemoryPlanStore plans)
                throws InterruptedException {
            List<String> ids = new ArrayList<>();
            MigrationListener listener = new MigrationListener() {
                @Override
                public void onEvent(io.zimmigrate.core.engine.MigrationEvent e) {
                    if (e instanceof io.zimmigrate.core.engine.MigrationEvent.JournalReplayed r) {
                        rejectedEarlier.add(r.rejectedEarlier());
                    }
                }

                @Override
                public void onRejection(Rejection r) {
                    if (r.violations().get(0).rule().equals("record.changed-since-import")) {
                        ids.add(r.id());
                    }
                }
            };
            world.pass(1_000);
            MigrationReport report = SimMigration.builder(export, zim, journal, new SimLoop(world, Long.MAX_VALUE),
                    changed.size() + 2).planStore(plans).listener(listener).build().run();
            assertThat(report.stoppedEarly()).isFalse();
            assertThat(report.notAttempted()).isZero();
            changed.add(ids);
        }
    }

    /** The second export and m-2: the edit of m-0 still there. */
    private static ListSource third() {
        return new ListSource(List.of(message(0, "-edited"), message(1, ""), message(2, "")), "export-3");
    }

    /** The third export and m-3. */
    private static ListSource fourth() {
        return new ListSource(List.of(message(0, "-edited"), message(1, ""), message(2, ""), message(3, "")),
                "export-4");
    }

    private static ListSource second() {
        return new ListSource(List.of(message(0, "-edited"), message(1, "")), "export-2");
    }

    /** The first run dies as m-0's import into the sender's view is journaled (made durable first). */
    private static void killedAfterTheSendersView(SimWorld world, SimulatedZim zim, InMemoryJournal journal,
                                                  InMemoryPlanStore plans) throws InterruptedException {
        String imported = "[\"i\",\"" + SENDER_VIEW.replace("\u0000", "\\u0000") + "\"," + T + ",";
        Journal dying = new InFlightEditSimulationTest.KilledAt(journal,
                line -> line.startsWith(imported), true);
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        try {
            SimMigration.builder(new ListSource(List.of(message(0, ""), message(1, "")), "export-1"), zim, dying,
                    loop, 1).planStore(plans).build().run();
            throw new AssertionError("the first run was to be killed after m-0's first view");
        } catch (SimLoop.SimulatedCrash expected) {
            loop.kill();
        }
        world.pass(2_000);
        assertThat(bodies(zim, SENDER_VIEW)).as("what the killed run left in the sender's view").containsExactly(body(0));
        assertThat(bodies(zim, RECIPIENT_VIEW)).as("and in the recipient's").isEmpty();
    }

    private static RawMessage message(int n, String edit) {
        return RawMessage.builder().id("m-" + n).toUserId("u1").fromUserId("u0").messageType(1)
                .bodyMessage(body(n) + edit).sendMessageTime(T + n * 1000L).build();
    }

    private static String body(int n) {
        return "m-" + n + "@" + (T + n * 1000L);
    }

    private static List<String> bodies(SimulatedZim zim, String view) {
        return zim.timeline(view).stream().map(SimulatedZim.Stored::body).toList();
    }
}
