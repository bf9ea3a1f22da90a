package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.Verification;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code verify} reads back at ZIM's cap, not one round trip at a time (issue #13: at a 150 ms round trip it sent
 * about 6.5 requests a second against ZIM's 20, so 4 M one-to-one timelines took a week instead of 2.3 days). 400
 * one-to-one timelines and two groups of 250 messages, imported through the real protocol gateway into the simulated
 * ZIM, then read back at round trips of 100–120 ms with busy and lost answers: every timeline found exact, never more
 * than 20 requests of an action in any sliding second, and the whole read-back within 15 % of its requests at the
 * cap (the reads of the two actions go side by side, each at its own cap).
 */
class VerifyPacingSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void readsBackAtTheCapOfEachAction() throws InterruptedException {
        for (long seed = 1; seed <= 3; seed++) {
            SimWorld world = new SimWorld(NOW);
            SimulatedZim zim = new SimulatedZim(world, seed, SimMigration.QPS, SimulatedZim.Faults.none());
            Migration migration = SimMigration.builder(new ListSource(history(new SplittableRandom(seed))), zim,
                    new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE), seed).provision(true).build();
            MigrationReport run = migration.run();
            assertThat(run.imported()).isEqualTo(run.importCalls());

            zim.setLatency(50, 50, 20);
            zim.setFaults(new SimulatedZim.Faults(0.05, 0.02, 0));
            int peerBefore = zim.requests("QueryPeerMsg");
            int groupBefore = zim.requests("QueryGroupMsg");
            long start = world.now();
            Verification.Report report = new Verification(zim.gateway(), new SimLoop(world, Long.MAX_VALUE),
                    SimMigration.QPS, new SplittableRandom(seed)).verify(migration.plan());
            long took = world.now() - start;

            assertThat(report.ok()).as("seed %d: %s", seed, report).isTrue();
            assertThat(report.timelines()).isEqualTo(402);
            int peer = zim.requests("QueryPeerMsg") - peerBefore;
            int group = zim.requests("QueryGroupMsg") - groupBefore;
            assertThat(peer).isGreaterThanOrEqualTo(400);
            assertThat(group).isGreaterThanOrEqualTo(6);
            assertThat(zim.busiestSlidingSecond("QueryPeerMsg")).isLessThanOrEqualTo(SimMigration.QPS);
            assertThat(zim.busiestSlidingSecond("QueryGroupMsg")).isLessThanOrEqualTo(SimMigration.QPS);
            long atTheCap = 1000L * Math.max(peer, group) / SimMigration.QPS;
            assertThat(took).as("seed %d: %d + %d requests", seed, peer, group).isLessThanOrEqualTo(atTheCap * 115 / 100);
        }
    }

    /** A timeline ZIM never answers for is tried 8 times, then reported with the error, its messages as missing. */
    @Test
    void aTimelineThatCannotBeReadIsReportedWithItsError() throws InterruptedException {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 5, SimMigration.QPS, SimulatedZim.Faults.none());
        List<RawMessage> history = history(new SplittableRandom(5)).subList(0, 40);
        Migration migration = SimMigration.builder(new ListSource(history), zim, new InMemoryJournal(),
                new SimLoop(world, Long.MAX_VALUE), 5).provision(true).build();
        MigrationReport run = migration.run();

        zim.setFaults(new SimulatedZim.Faults(1, 0, 0)); // every answer busy
        int before = zim.requests("QueryPeerMsg");
        Verification.Report report = new Verification(zim.gateway(), new SimLoop(world, Long.MAX_VALUE),
                SimMigration.QPS, new SplittableRandom(5)).verify(migration.plan());

        assertThat(report.missing()).isEqualTo(run.importCalls());
        assertThat(report.differences()).hasSize((int) report.timelines())
                .allSatisfy(c -> assertThat(c.error()).startsWith("could not read it back"));
        assertThat(zim.requests("QueryPeerMsg") - before).isEqualTo(8 * (int) report.timelines());
    }

    /** 200 one-to-one conversations of one or two messages (400 timelines) and two groups of 250 messages. */
    private static List<RawMessage> history(SplittableRandom r) {
        List<RawMessage> out = new ArrayList<>();
        int i = 0;
        for (int c = 0; c < 200; c++) {
            int messages = 1 + r.nextInt(2);
            for (int k = 0; k < messages; k++, i++) {
                out.add(RawMessage.builder().id("m" + i).messageType(1).bodyMessage("b" + i).fromUserId("a" + c)
                        .toUserId("b" + c).sendMessageTime(NOW - 86_400_000L + i).build());
            }
        }
        for (int k = 0; k < 500; k++, i++) {
            out.add(RawMessage.builder().id("m" + i).messageType(1).bodyMessage("b" + i).fromUserId("a" + (k % 7))
                    .groupId("g" + (k % 2)).sendMessageTime(NOW - 86_400_000L + i).build());
        }
        return out;
    }
}
