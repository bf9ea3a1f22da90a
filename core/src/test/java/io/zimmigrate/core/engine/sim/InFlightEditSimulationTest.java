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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a run is killed with a send in flight (the journal says "sending", nothing settles it), and the next
 * export, run as a delta with the same journal, holds that message <em>edited</em>. Whether the original landed is
 * asked of ZIM, as a resume asks it: landed, the message is imported and its edit is reported
 * ({@code record.changed-since-import}); not landed, ZIM lacks it, so its new content is imported in its place, in
 * order, and nothing is reported changed. Through the real protocol gateway over the simulated ZIM, no faults.
 */
class InFlightEditSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long T = NOW - 86_400_000L;

    @Test
    void anEditedSendThatNeverLeftIsImportedWithItsNewContentNotReportedChanged() throws InterruptedException {
        Outcome o = killedThenEdited(false);
        assertThat(o.zim).containsExactly(body(0), body(1) + "-edited", body(2), body(3));
        assertThat(o.changed).as("nothing was imported before, so nothing is reported changed").isEmpty();
    }

    @Test
    void anEditedSendThatLandedIsReportedChangedAndNotSentAgain() throws InterruptedException {
        Outcome o = killedThenEdited(true);
        assertThat(o.zim).containsExactly(body(0), body(1), body(2), body(3));
        assertThat(o.changed).containsExactly("m-1");
    }

    /**
     * ZIM answers the read-back fatally: the delta stops before it compares, its journal as the killed run left it
     * and nothing sent; the same delta run again (ZIM answering) imports the edit.
     */
    @Test
    void aDeltaStoppedWhileReadingBackWritesAndSendsNothing() throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        killFirstRun(world, zim, journal, plans, false);
        List<String> left = journal.lines();
        io.zimmigrate.core.port.ZimGateway refusing = new ForwardingGateway(zim.gateway()) {
            @Override
            public java.util.concurrent.CompletionStage<io.zimmigrate.core.port.Outcome<MessagePage>> readBack(
                    io.zimmigrate.core.model.Timeline timeline, int limit, long next) {
                return java.util.concurrent.CompletableFuture.completedFuture(
                        new io.zimmigrate.core.port.Outcome.Fatal<>(660000001L, "the app is disabled"));
            }
        };
        MigrationReport stopped = SimMigration.builder(new ListSource(second(), "export-2"), zim, journal,
                new SimLoop(world, Long.MAX_VALUE), 2).gateway(refusing).planStore(plans).build().run();
        assertThat(stopped.stoppedEarly()).isTrue();
        assertThat(journal.lines()).as("the journal as the killed run left it").isEqualTo(left);
        assertThat(bodies(zim)).containsExactly(body(0));

        SimMigration.builder(new ListSource(second(), "export-2"), zim, journal, new SimLoop(world, Long.MAX_VALUE), 3)
                .planStore(plans).build().run();
        assertThat(bodies(zim)).containsExactly(body(0), body(1) + "-edited", body(2), body(3));
    }

    private record Outcome(List<String> zim, List<String> changed) {}

    private static List<RawMessage> second() {
        return List.of(message(0, ""), message(1, "-edited"), message(2, ""), message(3, ""));
    }

    /**
     * A group of three messages; the first run dies with m-1 in flight: before its request left ({@code landed}
     * false: the crash hits as its "sending" line is made durable) or after ZIM stored it and before the answer was
     * journaled. The second export edits m-1 and adds m-3.
     */
    private static Outcome killedThenEdited(boolean landed) throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        killFirstRun(world, zim, journal, plans, landed);

        List<String> changed = new ArrayList<>();
        MigrationListener listener = new MigrationListener() {
            @Override
            public void onEvent(io.zimmigrate.core.engine.MigrationEvent e) {}

            @Override
            public void onRejection(Rejection r) {
                if (r.violations().get(0).rule().equals("record.changed-since-import")) {
                    changed.add(r.id());
                }
            }
        };
        MigrationReport report = SimMigration.builder(new ListSource(second(), "export-2"), zim, journal,
                new SimLoop(world, Long.MAX_VALUE), 2).planStore(plans).listener(listener).build().run();
        assertThat(report.stoppedEarly()).isFalse();
        return new Outcome(bodies(zim), changed);
    }

    private static void killFirstRun(SimWorld world, SimulatedZim zim, InMemoryJournal journal,
                                     InMemoryPlanStore plans, boolean landed) throws InterruptedException {
        List<RawMessage> first = List.of(message(0, ""), message(1, ""), message(2, ""));
        String sending = "[\"s\",\"g:g0\"," + (T + 1000) + ",";
        String imported = "[\"i\",\"g:g0\"," + (T + 1000) + ",";
        Journal dying = new KilledAt(journal, line -> line.startsWith(landed ? imported : sending), !landed);
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        try {
            SimMigration.builder(new ListSource(first, "export-1"), zim, dying, loop, 1).planStore(plans).build().run();
            throw new AssertionError("the first run was to be killed with m-1 in flight");
        } catch (SimLoop.SimulatedCrash expected) {
            loop.kill();
        }
        world.pass(2_000);
        assertThat(bodies(zim)).as("what the killed run left in ZIM")
                .isEqualTo(landed ? List.of(body(0), body(1)) : List.of(body(0)));
    }

    private static RawMessage message(int n, String edit) {
        return RawMessage.builder().id("m-" + n).groupId("g0").fromUserId("u" + n % 2).messageType(1)
                .bodyMessage(body(n) + edit).sendMessageTime(T + n * 1000L).build();
    }

    private static String body(int n) {
        return "m-" + n + "@" + (T + n * 1000L);
    }

    private static List<String> bodies(SimulatedZim zim) {
        return zim.timeline("g:g0").stream().map(SimulatedZim.Stored::body).toList();
    }

    /** Dies on the first write holding a line {@code at} accepts: the write made durable first, or lost. */
    static final class KilledAt implements Journal {
        private final InMemoryJournal durable;
        private final java.util.function.Predicate<String> at;
        private final boolean afterWrite;

        KilledAt(InMemoryJournal durable, java.util.function.Predicate<String> at, boolean afterWrite) {
            this.durable = durable;
            this.at = at;
            this.afterWrite = afterWrite;
        }

        @Override
        public void replay(Consumer<String> sink) {
            durable.replay(sink);
        }

        @Override
        public void append(List<String> lines) {
            if (lines.stream().anyMatch(at)) {
                if (afterWrite) {
                    durable.append(lines);
                }
                throw new SimLoop.SimulatedCrash();
            }
            durable.append(lines);
        }

        @Override
        public void rewrite(List<String> lines) {
            durable.rewrite(lines);
        }

        @Override
        public void close() {}
    }
}
