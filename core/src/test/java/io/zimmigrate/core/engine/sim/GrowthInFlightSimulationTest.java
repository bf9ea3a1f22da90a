package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.LatePolicy;
import io.zimmigrate.core.engine.MigrationEvent;
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
 * Issue 15: a followed file ({@code run --follow}) whose run is killed with a send in flight, then grown by a line that
 * sorts before that send. The growth reads the send back first, as a full delta does: not landed, it is no longer in
 * flight and the new line is imported before it, in order; landed, it is settled at its sequence and the new line is
 * late like any other ({@code time.behind-timeline}, or appended with {@code --late append}). Before session 12 the
 * line was rejected as {@code time.behind-send-in-flight} whatever {@code --late} said, and lost to the rejects file.
 * Through the real protocol gateway over the simulated ZIM, no faults.
 */
class GrowthInFlightSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long T = NOW - 86_400_000L;

    @Test
    void aLineBeforeASendThatNeverLandedIsImportedBeforeItInOrder() throws InterruptedException {
        Outcome o = killedThenGrown(false, LatePolicy.REJECT);
        assertThat(o.zim).containsExactly(body(0, 0), body(3, 500), body(1, 1000), body(2, 2000));
        assertThat(o.rules).isEmpty();
        assertThat(o.grown).as("planned as a growth, by its appended line alone").isTrue();
    }

    @Test
    void aLineBeforeASendThatLandedIsLateLikeAnyOther() throws InterruptedException {
        Outcome o = killedThenGrown(true, LatePolicy.REJECT);
        assertThat(o.zim).containsExactly(body(0, 0), body(1, 1000), body(2, 2000));
        assertThat(o.rules).containsExactly("m-3 time.behind-timeline");
        assertThat(o.grown).isTrue();
    }

    @Test
    void aLineBeforeASendThatLandedIsAppendedWithLateAppend() throws InterruptedException {
        Outcome o = killedThenGrown(true, LatePolicy.APPEND);
        assertThat(o.zim).containsExactly(body(0, 0), body(1, 1000), body(3, 500), body(2, 2000));
        assertThat(o.rules).isEmpty();
        assertThat(o.grown).isTrue();
    }

    /**
     * ZIM answers the read-back fatally: the growth stops before it places the line, its journal as the killed run
     * left it and nothing sent; the same command run again (ZIM answering) imports the line before the send, in order.
     */
    @Test
    void aGrowthStoppedWhileReadingBackWritesAndSendsNothing() throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        kill(world, zim, journal, plans, false);
        List<String> left = journal.lines();
        io.zimmigrate.core.port.ZimGateway refusing = new ForwardingGateway(zim.gateway()) {
            @Override
            public java.util.concurrent.CompletionStage<io.zimmigrate.core.port.Outcome<MessagePage>> readBack(
                    io.zimmigrate.core.model.Timeline timeline, int limit, long next) {
                return java.util.concurrent.CompletableFuture.completedFuture(
                        new io.zimmigrate.core.port.Outcome.Fatal<>(660000001L, "the app is disabled"));
            }
        };
        MigrationReport stopped = SimMigration.builder(new GrowingListSource(grown()), zim, journal,
                new SimLoop(world, Long.MAX_VALUE), 2).gateway(refusing).planStore(plans).build().run();
        assertThat(stopped.stoppedEarly()).isTrue();
        assertThat(journal.lines()).as("the journal as the killed run left it").isEqualTo(left);
        assertThat(bodies(zim)).containsExactly(body(0, 0));

        SimMigration.builder(new GrowingListSource(grown()), zim, journal, new SimLoop(world, Long.MAX_VALUE), 3)
                .planStore(plans).build().run();
        assertThat(bodies(zim)).containsExactly(body(0, 0), body(3, 500), body(1, 1000), body(2, 2000));
    }

    private record Outcome(List<String> zim, List<String> rules, boolean grown) {}

    private static List<RawMessage> first() {
        return List.of(message(0, 0), message(1, 1000), message(2, 2000));
    }

    /**
     * A group of three messages, followed; the first run dies with m-1 in flight: before its request left
     * ({@code landed} false: the crash hits as its "sending" line is made durable) or after ZIM stored it and before
     * the answer was journaled. The file then grows by m-3, sent at T+500: after m-0, before m-1.
     */
    private static Outcome killedThenGrown(boolean landed, LatePolicy late) throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        kill(world, zim, journal, plans, landed);

        List<String> rules = new ArrayList<>();
        boolean[] grown = new boolean[1];
        MigrationListener listener = new MigrationListener() {
            @Override
            public void onEvent(MigrationEvent e) {
                grown[0] |= e instanceof MigrationEvent.Grown;
            }

            @Override
            public void onRejection(Rejection r) {
                rules.add(r.id() + " " + r.violations().get(0).rule());
            }
        };
        MigrationReport report = SimMigration.builder(new GrowingListSource(grown()), zim, journal,
                new SimLoop(world, Long.MAX_VALUE), 2).planStore(plans).listener(listener).lateMessages(late)
                .build().run();
        assertThat(report.stoppedEarly()).isFalse();
        return new Outcome(bodies(zim), rules, grown[0]);
    }

    /** The followed file grown by m-3, sent at T+500: after m-0, before m-1. */
    private static List<RawMessage> grown() {
        List<RawMessage> lines = new ArrayList<>(first());
        lines.add(message(3, 500));
        return lines;
    }

    private static void kill(SimWorld world, SimulatedZim zim, InMemoryJournal journal, InMemoryPlanStore plans,
                             boolean landed) throws InterruptedException {
        String sending = "[\"s\",\"g:g0\"," + (T + 1000) + ",";
        String imported = "[\"i\",\"g:g0\"," + (T + 1000) + ",";
        Journal dying = new InFlightEditSimulationTest.KilledAt(journal,
                line -> line.startsWith(landed ? imported : sending), !landed);
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        try {
            SimMigration.builder(new GrowingListSource(first()), zim, dying, loop, 1).planStore(plans).build().run();
            throw new AssertionError("the first run was to be killed with m-1 in flight");
        } catch (SimLoop.SimulatedCrash expected) {
            loop.kill();
        }
        world.pass(2_000);
        assertThat(bodies(zim)).as("what the killed run left in ZIM")
                .isEqualTo(landed ? List.of(body(0, 0), body(1, 1000)) : List.of(body(0, 0)));
    }

    private static RawMessage message(int n, long at) {
        return RawMessage.builder().id("m-" + n).groupId("g0").fromUserId("u" + n % 2).messageType(1)
                .bodyMessage(body(n, at)).sendMessageTime(T + at).build();
    }

    private static String body(int n, long at) {
        return "m-" + n + "@" + (T + at);
    }

    private static List<String> bodies(SimulatedZim zim) {
        return zim.timeline("g:g0").stream().map(SimulatedZim.Stored::body).toList();
    }
}
