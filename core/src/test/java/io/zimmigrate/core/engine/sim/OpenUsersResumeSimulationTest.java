package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Resumes of one-to-one histories among many users, shaped as P6's users shape (message i between user i mod U and
 * user i + U/2 + 1 mod U, so each conversation's messages lie far apart in the plan), crashed anywhere: a resume
 * passes over the messages between the settled prefix and the latest settled task whose users are not both in a
 * timeline still open ({@code OpenUsers}, issue 15) without looking their views up. Every valid message still lands
 * exactly once in each of its timelines, in order, and a finished migration run again sends nothing.
 *
 * <p>Scenarios: {@code -Dsim.scenarios=N} (default 100), first seed {@code -Dsim.seed=S}. A failure names its seed.
 */
class OpenUsersResumeSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void aResumePassingOverSettledConversationsSendsEveryMessageOnceInOrder() {
        int scenarios = Integer.getInteger("sim.scenarios", 100);
        long firstSeed = Long.getLong("sim.seed", 1L);
        long crashes = 0;
        long reused = 0;
        for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
            try {
                long[] counts = scenario(seed);
                crashes += counts[0];
                reused += counts[1];
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("scenario with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        assertThat(crashes).as("crashes injected").isGreaterThan(scenarios);
        assertThat(reused).as("resumes that read the kept plan").isGreaterThan(scenarios);
    }

    /** Crashes and resumes that reused the kept plan. */
    private static long[] scenario(long seed) throws AssertionError {
        SplittableRandom r = new SplittableRandom(seed);
        List<RawMessage> history = history(r);
        ListSource source = new ListSource(history, "users-" + seed);
        Map<String, List<String>> expected = SimHistories.expectedTimelines(history, RuleSet.defaults(), NOW);
        InMemoryPlanStore plans = new InMemoryPlanStore();
        InMemoryJournal journal = new InMemoryJournal();
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, seed, SimMigration.QPS, new SimulatedZim.Faults(0.05, 0.03, 0.02));
        long[] reused = {0};
        MigrationListener countReuse = e -> {
            if (e instanceof MigrationEvent.PlanSource p && p.reused()) {
                reused[0]++;
            }
        };
        MigrationReport report = null;
        int crashes = 0;
        while (report == null) {
            boolean crash = crashes < 4 && r.nextInt(5) > 0;
            SimLoop loop = new SimLoop(world, crash ? 1 + r.nextInt(1 + history.size() * 3) : Long.MAX_VALUE);
            try {
                report = SimMigration.builder(source, zim, journal, loop, seed * 31 + crashes).planStore(plans)
                        .listener(countReuse).build().run();
            } catch (SimLoop.SimulatedCrash c) {
                crashes++;
                loop.kill();
                world.pass(2_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        SimHistories.assertHeldExactly(zim, expected);
        assertThat(report.notAttempted()).isZero();
        assertThat(report.imported() + report.importsRejected() + report.alreadyDone()).isEqualTo(report.importCalls());
        report.timelines().forEach((k, t) -> assertThat(t.imported() + t.rejected() + t.alreadyDone())
                .as("counts of %s", k).isEqualTo(t.importCalls()));

        int sent = zim.requests("ImportPeerMsg") + zim.requests("ImportGroupMsg");
        MigrationReport again;
        try {
            again = SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), seed).planStore(plans)
                    .listener(countReuse).build().run();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(zim.requests("ImportPeerMsg") + zim.requests("ImportGroupMsg")).as("sent again").isEqualTo(sent);
        assertThat(again.alreadyDone()).isEqualTo(again.importCalls());
        return new long[] {crashes, reused[0]};
    }

    /**
     * U users, each conversation's messages U apart; now and then equal send times, a conversation of two random
     * users, a message hidden for one side, a group message.
     */
    private static List<RawMessage> history(SplittableRandom r) {
        int users = 8 + r.nextInt(50);
        int n = users + r.nextInt(2 * users);
        long time = NOW - 3 * 86_400_000L;
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int x = i % users;
            int y = (x + users / 2 + 1) % users;
            if (r.nextInt(10) == 0) {
                y = r.nextInt(users);
            }
            if (y == x) {
                y = (x + 1) % users;
            }
            time += r.nextInt(4) == 0 ? 0 : 1000;
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId("u" + x).messageType(1)
                    .bodyMessage("b-" + i).sendMessageTime(time);
            if (r.nextInt(15) == 0) {
                b.groupId("g" + r.nextInt(3));
            } else {
                b.toUserId("u" + y).hiddenFor(r.nextInt(8) == 0 ? List.of(r.nextBoolean() ? "u" + x : "u" + y) : null);
            }
            out.add(b.build());
        }
        return out;
    }
}
