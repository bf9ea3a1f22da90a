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

    /**
     * Session 15: the delta that completes m-0's view is killed (at each of its journal writes, durable or lost; at
     * each of its listener's calls, before or after; at each plan it keeps, before or after its commit, the last
     * being the plan kept again as planned once the run is over) and resumed with the same export; the later deltas
     * whose exports still hold the edit report nothing and count m-0's call once among what earlier runs rejected,
     * as after an unkilled delta. Before: the resume did not know its kept plan held the imported version, kept it
     * so, and every later delta reported m-0 again and counted its call again.
     */
    @Test
    void aCompletingDeltaKilledAnywhereAndResumedIsReportedOnceAcrossLaterDeltas() throws InterruptedException {
        assertThat(everyKill(true)).as("kill points tried").isGreaterThan(20);
    }

    /**
     * The same, without the resume: a later export that still holds the edit is run right after the kill. Its delta
     * reads the mark of the plan it compares with: the edit is reported only if the killed delta's journal rewrite
     * was lost (then this delta is the first to compare), and the view the killed delta did not send gets the
     * imported version all the same. Before: reported again, its call counted again.
     */
    @Test
    void aCompletingDeltaKilledAnywhereThenALaterDeltaReportsTheEditOnce() throws InterruptedException {
        assertThat(everyKill(false)).as("kill points tried").isGreaterThan(20);
    }

    /** For each kind of kill point and k = 1, 2, ... until the delta is no longer killed: the worlds killed. */
    private int everyKill(boolean resumed) throws InterruptedException {
        int killed = 0;
        for (int mode = 0; mode < 6; mode++) {
            for (int k = 1; ; k++) {
                if (!killedCompletingDelta(mode, k, resumed)) {
                    break;
                }
                killed++;
            }
        }
        return killed;
    }

    /**
     * One world: the completing delta killed at the {@code k}-th point of {@code mode}, {@code resumed} or not before
     * the later deltas; false when it was not killed.
     */
    private boolean killedCompletingDelta(int mode, int k, boolean resumed) throws InterruptedException {
        String where = (mode < 2 ? "journal write " : mode < 4 ? "listener call " : "plan kept ") + k
                + (mode % 2 == 0 ? " (after)" : " (before)") + (resumed ? ", resumed" : ", no resume");
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        killedAfterTheSendersView(world, zim, journal, plans);
        String firstFingerprint = io.zimmigrate.core.journal.JournalSummary.head(journal).fingerprint();
        Journal dying = mode < 2 ? new CrashingJournal(journal, k, mode == 0) : journal;
        MigrationListener listener = mode >= 2 && mode < 4
                ? new DyingListener(MigrationListener.NONE, k, mode == 2)
                : MigrationListener.NONE;
        io.zimmigrate.core.port.PlanStore store = mode >= 4 ? new DyingAtCommit(plans, k, mode == 4) : plans;
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        world.pass(1_000);
        try {
            SimMigration.builder(second(), zim, dying, loop, 2).planStore(store).listener(listener).build().run();
            return false;
        } catch (SimLoop.SimulatedCrash crash) {
            loop.kill();
        }
        world.pass(2_000);
        Deltas d = new Deltas();
        boolean compared = resumed || !io.zimmigrate.core.journal.JournalSummary.head(journal).fingerprint()
                .equals(firstFingerprint); // the killed delta's rewrite is durable: it reported m-0
        if (resumed) {
            d.run(second(), world, zim, journal, plans); // the resume (or the delta again, killed before its rewrite)
            d.changed.clear();
            d.rejectedEarlier.clear();
        }
        d.run(third(), world, zim, journal, plans);
        d.run(fourth(), world, zim, journal, plans);
        assertThat(d.changed).as("%s: the later deltas report m-0 only if no delta did before", where)
                .containsExactly(compared ? List.of() : List.of("m-0"), List.of());
        assertThat(d.rejectedEarlier).as("%s: m-0's call counted once among earlier rejections", where)
                .containsExactly(compared ? 1L : 0L, 1L);
        assertThat(bodies(zim, SENDER_VIEW)).as(where).containsExactly(body(0), body(1), body(2), body(3));
        assertThat(bodies(zim, RECIPIENT_VIEW)).as(where).containsExactly(body(0), body(1), body(2), body(3));
        return true;
    }

    /**
     * A followed export: the completing delta (an edited line: not a growth) is killed as it sends m-0's recipient
     * view; the follow restarts on the file grown by a line, a growth of the marked plan, which sends that view and
     * must keep the mark until it did; a later delta of an export that still holds the edit reports nothing.
     * Before: the growth kept its plan without the mark, and the later delta reported m-0 again.
     */
    @Test
    void aGrowthOfACompletingPlanKeepsItsMarkUntilItSentTheView() throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        killedAfterTheSendersView(world, zim, journal, plans,
                new GrowingListSource(List.of(message(0, ""), message(1, ""))));
        String sending = "[\"s\",\"" + RECIPIENT_VIEW.replace("\u0000", "\\u0000") + "\"," + T + ",";
        Journal dying = new InFlightEditSimulationTest.KilledAt(journal, line -> line.startsWith(sending), false);
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        try {
            SimMigration.builder(new GrowingListSource(List.of(message(0, "-edited"), message(1, ""))), zim, dying, loop, 2).planStore(plans)
                    .build().run();
            throw new AssertionError("the delta was to be killed before the recipient's view of m-0 was sent");
        } catch (SimLoop.SimulatedCrash expected) {
            loop.kill();
        }
        world.pass(2_000);
        Deltas d = new Deltas();
        d.run(new GrowingListSource(
                List.of(message(0, "-edited"), message(1, ""), message(2, ""))), world, zim, journal, plans); // a growth: m-2 appended
        d.run(fourth(), world, zim, journal, plans); // a delta (another input): compared with the grown plan
        assertThat(d.changed).containsExactly(List.of(), List.of());
        assertThat(d.rejectedEarlier.get(1)).as("m-0's call once among earlier rejections").isEqualTo(1L);
        assertThat(bodies(zim, SENDER_VIEW)).containsExactly(body(0), body(1), body(2), body(3));
        assertThat(bodies(zim, RECIPIENT_VIEW)).containsExactly(body(0), body(1), body(2), body(3));
    }

    /** Delta runs one after the other: per run, the IDs reported changed and the earlier rejections it found. */
    private static final class Deltas {
        final List<List<String>> changed = new ArrayList<>();
        final List<Long> rejectedEarlier = new ArrayList<>();

        void run(io.zimmigrate.core.port.MessageSource export, SimWorld world, SimulatedZim zim, Journal journal,
                 InMemoryPlanStore plans)
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
        killedAfterTheSendersView(world, zim, journal, plans,
                new ListSource(List.of(message(0, ""), message(1, "")), "export-1"));
    }

    private static void killedAfterTheSendersView(SimWorld world, SimulatedZim zim, InMemoryJournal journal,
                                                  InMemoryPlanStore plans, io.zimmigrate.core.port.MessageSource first)
            throws InterruptedException {
        String imported = "[\"i\",\"" + SENDER_VIEW.replace("\u0000", "\\u0000") + "\"," + T + ",";
        Journal dying = new InFlightEditSimulationTest.KilledAt(journal,
                line -> line.startsWith(imported), true);
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        try {
            SimMigration.builder(first, zim, dying, loop, 1).planStore(plans).build().run();
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
