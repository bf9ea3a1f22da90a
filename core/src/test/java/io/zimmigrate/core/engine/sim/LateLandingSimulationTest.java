package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.Verification;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A request whose answer was lost may be applied by ZIM long after the engine read the timeline back (ZIM has no
 * idempotency key; session 12's 10 M run found one duplicate this way). The engine must not conclude "did not land"
 * before the lost request is older than its landing horizon, and must read back again then: exactly once and in
 * order per timeline, with late landings among the faults, crashes included.
 *
 * <p>Scenarios: {@code -Dsim.lateScenarios=N} (default 200), first seed {@code -Dsim.seed=S}.
 */
class LateLandingSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final RuleSet RULES = RuleSet.defaults();
    /** Later than the reconciliation pause (500 ms in the simulation) and than a restart (2 s), within the horizon. */
    private static final long MOST_LATE = 4_000;

    @Test
    void aRequestAppliedAfterTheFirstReadBackIsNotSentAgain() throws InterruptedException {
        List<RawMessage> history = SimHistories.roundRobin(6, 1, 2, NOW);
        SimWorld world = new SimWorld(NOW);
        // Half the imports time out at the client and ZIM applies them 1-4 s later: after the first read-back, mostly.
        SimulatedZim zim = new SimulatedZim(world, 3, SimMigration.QPS, new SimulatedZim.Faults(0, 0, 0.5));
        zim.setLateLanding(1.0, MOST_LATE);
        MigrationReport report = SimMigration.builder(new ListSource(history), zim, new InMemoryJournal(),
                new SimLoop(world, Long.MAX_VALUE), 3).build().run();
        world.settle(); // whatever is still held in ZIM lands

        SimHistories.assertHeldExactly(zim, SimHistories.expectedTimelines(history, RULES, NOW));
        assertThat(zim.requests("ImportGroupMsg")).as("each message sent once").isEqualTo(6);
        assertThat(report.imported()).isEqualTo(6);
        assertThat(zim.lateLandings()).as("requests applied late").isGreaterThan(1);
        assertThat(report.reconciledLanded()).as("each found on a read-back").isEqualTo(zim.lateLandings());
    }

    @Test
    void exactlyOnceInOrderWithLateLandingsAmongTheFaultsAndCrashes() throws InterruptedException {
        int scenarios = Integer.getInteger("sim.lateScenarios", 200);
        long firstSeed = Long.getLong("sim.seed", 1L);
        long late = 0;
        long crashes = 0;
        for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
            try {
                long[] counts = scenario(seed);
                late += counts[0];
                crashes += counts[1];
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("late-landing scenario with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        assertThat(late).as("requests applied late").isGreaterThan(scenarios);
        assertThat(crashes).as("crashes injected").isGreaterThan(scenarios / 3);
    }

    /** One generated history through faults, late landings and crashes; returns {late landings, crashes}. */
    private static long[] scenario(long seed) throws InterruptedException {
        SplittableRandom r = new SplittableRandom(seed);
        List<RawMessage> history = history(r);
        Map<String, List<String>> expected = SimHistories.expectedTimelines(history, RULES, NOW);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, seed, SimMigration.QPS, new SimulatedZim.Faults(0.05, 0.05, 0.15));
        zim.setLateLanding(0.8, MOST_LATE);
        InMemoryJournal journal = new InMemoryJournal();
        ListSource source = new ListSource(history);
        MigrationReport report = null;
        int crashes = 0;
        while (report == null) {
            boolean crash = crashes < 2 && r.nextBoolean();
            SimLoop loop = new SimLoop(world, crash ? 1 + r.nextInt(1 + history.size() * 3) : Long.MAX_VALUE);
            try {
                report = SimMigration.builder(source, zim, journal, loop, seed * 31 + crashes).build().run();
            } catch (SimLoop.SimulatedCrash c) {
                crashes++;
                loop.kill();
                world.pass(2_000);
            }
        }
        world.settle();
        SimHistories.assertHeldExactly(zim, expected);
        assertThat(report.stoppedEarly()).isFalse();
        Migration again = SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), seed).build();
        Verification.Report check = new Verification(zim.gateway(), new SimLoop(world, Long.MAX_VALUE),
                SimMigration.QPS).verify(again.plan());
        assertThat(check.duplicated()).isZero();
        assertThat(check.outOfOrder()).isZero();
        return new long[] {zim.lateLandings(), crashes};
    }

    /** A few groups and one-to-one conversations, every message valid and distinct, many equal times. */
    private static List<RawMessage> history(SplittableRandom r) {
        int users = 2 + r.nextInt(3);
        int groups = 1 + r.nextInt(2);
        int n = 5 + r.nextInt(30);
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sender = "u" + r.nextInt(users);
            RawMessage.Builder m = RawMessage.builder().id("m-" + i).fromUserId(sender).messageType(1)
                    .bodyMessage("b-" + i).sendMessageTime(NOW - 86_400_000L + r.nextInt(10) * 1000L);
            if (r.nextBoolean()) {
                m.groupId("g" + r.nextInt(groups));
            } else {
                m.toUserId(sender.equals("u0") ? "u1" : "u0");
            }
            out.add(m.build());
        }
        return out;
    }
}
