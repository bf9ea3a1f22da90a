package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run asked to stop (SIGTERM) with most of its plan unread, resuming the journal of a run stopped earlier: the
 * report's count of each timeline adds up, through the real protocol gateway, exactly: what ZIM holds is imported or
 * already done, the rest not attempted (a killed run's send in doubt would be neither until reconciled). The unread part of the plan is counted from its records' keys and users, no longer
 * decoded into lanes (a stop of 18 M unread calls took 100–118 s); the journal's settlement decides "already done" for
 * an unread call, as a lane's did. Then a last run completes: each message once, in order.
 */
class StopCountsSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    @Timeout(120) // a stop while lanes were still ready spun at the same simulated instant, never ending
    void aStopWithMostOfThePlanUnreadCountsEachTimelineExactly() throws Exception {
        for (int seed = 0; seed < 12; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            List<RawMessage> history = history(r);
            Map<String, List<String>> expected = SimHistories.expectedTimelines(history, RuleSet.defaults(), NOW);
            ListSource source = new ListSource(history, "stop-counts-" + seed);
            InMemoryJournal journal = new InMemoryJournal();
            InMemoryPlanStore kept = new InMemoryPlanStore();
            SimWorld world = new SimWorld(NOW);
            SimulatedZim zim = new SimulatedZim(world, seed, SimMigration.QPS, SimulatedZim.Faults.none());

            long calls = expected.values().stream().mapToLong(List::size).sum();
            Migration[] first = new Migration[1];
            first[0] = SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), seed)
                    .gateway(new StopAt(zim, r.nextLong(calls / 5, calls / 2), () -> first[0].stop("interrupted (SIGINT)")))
                    .planStore(kept).build();
            assertThat(first[0].run().stoppedEarly()).isTrue();
            world.pass(2_000);

            Migration[] second = new Migration[1];
            StopAt stopping = new StopAt(zim, r.nextLong(5, 60), () -> second[0].stop("interrupted (SIGTERM)"));
            List<Long> etasWhileStopping = new ArrayList<>();
            boolean[] stopSaid = {false};
            second[0] = SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), seed + 100)
                    .gateway(stopping).planStore(kept).lookahead(16).listener(e -> {
                        stopSaid[0] |= e instanceof MigrationEvent.Stopping;
                        if (stopSaid[0] && e instanceof MigrationEvent.Progress p) {
                            etasWhileStopping.add(p.etaMillis());
                        }
                    }).build();
            MigrationReport report = second[0].run();
            String where = "seed " + seed;
            assertThat(report.stoppedEarly()).as(where).isTrue();
            assertThat(etasWhileStopping).as(where + ": a stopping run forecasts no finish (it said \"ETA 0s\")")
                    .isNotEmpty().containsOnly(-1L);
            assertThat(report.notAttempted()).as(where + ": most of the plan unread").isPositive();
            long notAttempted = 0;
            for (Map.Entry<String, List<String>> e : expected.entrySet()) {
                MigrationReport.TimelineReport t = report.timelines().get(e.getKey());
                long held = zim.timeline(e.getKey()).size();
                String timeline = where + ", timeline " + e.getKey();
                assertThat(t.imported() + t.rejected() + t.alreadyDone() + t.notAttempted()).as(timeline)
                        .isEqualTo(e.getValue().size());
                assertThat(t.imported() + t.alreadyDone()).as(timeline + ": what ZIM holds").isEqualTo(held);
                assertThat(t.notAttempted()).as(timeline + ": the rest").isEqualTo(e.getValue().size() - held);
                notAttempted += t.notAttempted();
            }
            assertThat(report.notAttempted()).as(where).isEqualTo(notAttempted);

            MigrationReport last = SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE),
                    seed + 200).planStore(kept).build().run();
            assertThat(last.notAttempted()).as(where).isZero();
            SimHistories.assertHeldExactly(zim, expected);
        }
    }

    /** 300–500 messages: a third in four groups, the rest one-to-one among 30 users, over two days. */
    private static List<RawMessage> history(SplittableRandom r) {
        List<RawMessage> out = new ArrayList<>();
        int n = r.nextInt(300, 501);
        long time = NOW - 2 * 86_400_000L;
        for (int i = 0; i < n; i++) {
            time += r.nextInt(1, 300_000);
            int from = r.nextInt(30);
            RawMessage.Builder m = RawMessage.builder().id("m" + i).fromUserId("u" + from).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(time);
            out.add((r.nextInt(3) == 0 ? m.groupId("g" + r.nextInt(4)) : m.toUserId("u" + (from + r.nextInt(1, 30)) % 30))
                    .build());
        }
        return out;
    }

    /** Passes imports on; at import number {@code limit} + 1 asks the run to stop, as the signal handler does. */
    private static final class StopAt extends ForwardingGateway {
        private final long limit;
        private final Runnable stop;
        private long imports;

        StopAt(SimulatedZim zim, long limit, Runnable stop) {
            super(zim.gateway());
            this.limit = limit;
            this.stop = stop;
        }

        @Override
        public CompletionStage<Outcome<io.zimmigrate.core.port.ZimGateway.ImportReceipt>> importMessage(Message message,
                Timeline timeline) {
            if (++imports == limit + 1) {
                stop.run(); // this request still goes: it was being sent
            }
            return super.importMessage(message, timeline);
        }
    }
}
