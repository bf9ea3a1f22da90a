package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.LaneOrder;
import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.Pacer;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The schedule's promises (issue #13, "Schedule"), in the seeded simulated world through the real protocol gateway:
 * a migration ends within 5 % of the physical limit {@code max(calls of an action / cap, longest timeline × round
 * trip)} on skewed histories (a hot timeline plus many small ones, Zipf-shaped sizes) at 50–200 ms round trips; never
 * more than the cap of one action in any sliding second; one request in flight per timeline; both actions at their cap
 * at once with no throttled answer; and no message leaves the retention window that oldest-deadline-first saves.
 *
 * <p>Scenarios: {@code -Dsim.scheduleScenarios=N} (default 12), first seed {@code -Dsim.seed=S}; arrival jitter
 * {@code -Dsim.arrivalJitter=MS} (default 10).
 */
class ScheduleSimulationTest {
    private static final long NOW = ScheduleHistories.NOW;
    private static final int QPS = 20;
    private static final RuleSet RULES = RuleSet.defaults();
    /** How much later than its one-way delay a request may arrive (ms, uniform): {@code -Dsim.arrivalJitter}. */
    private static final long JITTER = Long.getLong("sim.arrivalJitter", 10);
    /** The heavier variant: a loaded machine or network. */
    private static final long HEAVY_JITTER = 20;

    /** The issue's measurement: one hot group of 1,500 recent messages, 300 small older groups, 100 ms. */
    @Test
    void theIssuesHistoryFinishesWithinFivePercentOfTheLimit() {
        Run run = run(ScheduleHistories.issuesHistory(), 7, 100, LaneOrder.CRITICAL_PATH);
        System.out.printf("schedule: the issue's history, critical path: %.3f of the limit (%d ms / %d ms)%n",
                run.ratio(), run.limitMillis(), run.makespanMillis());
        assertThat(run.report().imported()).isEqualTo(3000);
        assertThat(run.ratio()).as("limit %d ms / makespan %d ms", run.limitMillis(), run.makespanMillis())
                .isGreaterThanOrEqualTo(0.95);
    }

    /**
     * The run's forecast uses plan's model with the round trip it measured, and so does the progress ETA: on the
     * issue's history it is within 10 % (plus two seconds) of the time actually left, all along the run.
     */
    @Test
    void theProgressEtaAndTheReforecastFollowTheModel() {
        List<long[]> etas = new ArrayList<>();
        List<io.zimmigrate.core.engine.MigrationEvent.Reforecast> forecasts = new ArrayList<>();
        SimWorld world = new SimWorld(NOW);
        MigrationListener listener = e -> {
            if (e instanceof io.zimmigrate.core.engine.MigrationEvent.Progress p && p.etaMillis() >= 0) {
                etas.add(new long[] {world.now(), p.etaMillis()});
            } else if (e instanceof io.zimmigrate.core.engine.MigrationEvent.Reforecast f) {
                forecasts.add(f);
            }
        };
        Run run = run(ScheduleHistories.issuesHistory(), 7, 100, LaneOrder.CRITICAL_PATH, world, listener);
        long end = NOW + run.makespanMillis();
        assertThat(forecasts).isNotEmpty();
        assertThat(forecasts.get(0).actions()).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("ImportGroupMsg");
            assertThat(a.measured()).isTrue();
            assertThat(a.roundTripMillis()).isBetween(95.0, 110.0);
            assertThat(a.longestTimelineLeft()).isGreaterThan(1400);
        });
        long checked = 0;
        for (long[] e : etas) {
            long left = end - e[0];
            if (e[0] - NOW >= 5_000 && left >= 10_000) {
                assertThat((double) e[1]).as("ETA at %d ms into the run", e[0] - NOW)
                        .isCloseTo(left, org.assertj.core.data.Offset.offset(0.10 * left + 2_000));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    /** The same history ordered by deadline alone: the hot group runs alone at the end (the issue measured 0.67). */
    @Test
    void deadlineOrderAloneLeavesAThirdOfTheSpeedUnused() {
        Run run = run(ScheduleHistories.issuesHistory(), 7, 100, LaneOrder.NEAREST_DEADLINE_FIRST);
        System.out.printf("schedule: the issue's history, deadline order: %.3f of the limit (%d ms / %d ms)%n",
                run.ratio(), run.limitMillis(), run.makespanMillis());
        assertThat(run.ratio()).isLessThan(0.75);
    }

    @Test
    void skewedHistoriesFinishWithinFivePercentOfTheLimitAndKeepTheRules() {
        int scenarios = Integer.getInteger("sim.scheduleScenarios", 12);
        long firstSeed = Long.getLong("sim.seed", 1L);
        for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            long rtt = 50 + r.nextInt(151);
            List<RawMessage> history = ScheduleHistories.skewed(r);
            Run run = run(history, seed, rtt, LaneOrder.CRITICAL_PATH);
            String context = "seed " + seed + ", round trip " + rtt + " ms, " + history.size() + " messages: limit "
                    + run.limitMillis() + " ms, makespan " + run.makespanMillis() + " ms";
            System.out.printf("schedule: %s: %.3f of the limit%n", context, run.ratio());
            assertThat(run.report().notAttempted()).as(context).isZero();
            assertThat(run.ratio()).as(context).isGreaterThanOrEqualTo(0.95);
            for (String action : List.of("ImportGroupMsg", "ImportPeerMsg")) {
                assertThat(run.zim().busiestSlidingSecond(action)).as(context + ", " + action).isLessThanOrEqualTo(QPS);
            }
            assertThat(run.zim().mostOutstandingOnATimeline()).as(context).isEqualTo(1);
            assertThat(run.zim().throttledAnswers()).as(context).isZero();
        }
    }

    /** ImportGroupMsg and ImportPeerMsg each at 20/s at the same time, none throttled. */
    @Test
    void bothActionsRunAtTheirCapAtTheSameTime() {
        List<RawMessage> history = ScheduleHistories.bothActionsHistory();
        Run run = run(history, 3, 100, LaneOrder.CRITICAL_PATH);
        assertThat(run.zim().throttledAnswers()).isZero();
        for (String action : List.of("ImportGroupMsg", "ImportPeerMsg")) {
            assertThat(rate(run, action)).as(action + " rate").isGreaterThanOrEqualTo(0.98 * QPS);
            assertThat(run.zim().busiestSlidingSecond(action)).as(action).isLessThanOrEqualTo(QPS);
        }
        // Both at once: the group imports (1,200 calls) and the peer imports (2,400) overlap for the first minute.
        List<Long> g = run.zim().arrivals("ImportGroupMsg");
        List<Long> p = run.zim().arrivals("ImportPeerMsg");
        long overlap = Math.min(g.get(g.size() - 1), p.get(p.size() - 1)) - Math.max(g.get(0), p.get(0));
        assertThat(overlap).isGreaterThan(55_000);
    }

    /**
     * ZIM counts arrivals, and a request takes between its one-way delay and that plus the jitter to arrive: with
     * arrivals spread over 0–10 ms (the default here) and over 0–20 ms (a loaded machine or network), under either
     * order, no sliding second holds more than the cap of arrivals of one action, no answer is throttled, and each
     * action still runs at ≥ 97 % of the cap. Without a guard that follows the spread (the fixed 4 ms guard), some
     * request k + 20 lands within a second of request k and is throttled.
     */
    @Test
    void theCapHoldsAtZimsSideUnderArrivalJitter() {
        List<RawMessage> history = ScheduleHistories.bothActionsHistory();
        long seed = Long.getLong("sim.seed", 1L);
        for (long jitter : List.of(JITTER, HEAVY_JITTER)) {
            for (LaneOrder order : LaneOrder.values()) {
                Run run = run(history, seed, 100, order, jitter, new SimWorld(NOW), e -> {});
                String context = "jitter 0–" + jitter + " ms, " + order + ", seed " + seed++;
                for (String action : List.of("ImportGroupMsg", "ImportPeerMsg")) {
                    System.out.printf("schedule: %s: %s %.2f/s, busiest sliding second %d%n", context, action,
                            rate(run, action), run.zim().busiestSlidingSecond(action));
                    assertThat(run.zim().busiestSlidingSecond(action)).as(context + ", " + action)
                            .isLessThanOrEqualTo(QPS);
                    assertThat(rate(run, action)).as(context + ", " + action + " rate")
                            .isGreaterThanOrEqualTo(0.97 * QPS);
                }
                assertThat(run.zim().throttledAnswers()).as(context).isZero();
            }
        }
    }

    /** Arrivals per second at ZIM from the first to the last, as the cap counts them. */
    private static double rate(Run run, String action) {
        List<Long> a = run.zim().arrivals(action);
        return (a.size() - 1) * 1000.0 / (a.get(a.size() - 1) - a.get(0));
    }

    /**
     * Messages close to the end of the retention window, mixed with a hot timeline that tempts the critical path:
     * the schedule loses no more messages than oldest-deadline-first, in any timeline. (Counted per timeline, not
     * message by message: where a timeline's own chain cannot keep up with its deadlines, which of its messages miss
     * depends on the chain's phase, under either order.) Small timelines, which deadline order saves whenever the
     * cap allows, lose nothing it saves.
     */
    @Test
    void noMessageExpiresThatDeadlineOrderWouldHaveSaved() {
        int scenarios = Integer.getInteger("sim.scheduleScenarios", 12);
        long firstSeed = Long.getLong("sim.seed", 1L);
        long expiredUnderDeadlineOrder = 0;
        for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            long rtt = 50 + r.nextInt(151);
            List<RawMessage> history = ScheduleHistories.nearTheWindowsEnd(r, RULES.retention().days());
            Set<String> edf = run(history, seed, rtt, LaneOrder.NEAREST_DEADLINE_FIRST).expired();
            Set<String> ours = run(history, seed, rtt, LaneOrder.CRITICAL_PATH).expired();
            Map<String, Long> edfPerTimeline = perTimeline(edf);
            long s = seed;
            perTimeline(ours).forEach((timeline, n) -> assertThat(n)
                    .as("seed %d: expired in %s (deadline order: %s)", s, timeline, edf)
                    .isLessThanOrEqualTo(edfPerTimeline.getOrDefault(timeline, 0L)));
            assertThat(edf).as("seed %d: small timelines' messages", seed)
                    .containsAll(ours.stream().filter(id -> id.startsWith("s")).toList());
            expiredUnderDeadlineOrder += edf.size();
        }
        // The histories really are at the edge: deadline order itself loses some.
        assertThat(expiredUnderDeadlineOrder).isGreaterThan(0);
    }

    /** Expired messages per timeline: ids are {@code s<group>-<i>} (small groups) and {@code h<i>} (the hot one). */
    private static Map<String, Long> perTimeline(Set<String> ids) {
        Map<String, Long> out = new HashMap<>();
        ids.forEach(id -> out.merge(id.startsWith("h") ? "hot" : id.substring(0, id.indexOf('-')), 1L, Long::sum));
        return out;
    }

    // ---- running ---------------------------------------------------------------------------------------------

    private record Run(SimulatedZim zim, MigrationReport report, long limitMillis, long makespanMillis,
                       Set<String> expired) {
        double ratio() {
            return (double) limitMillis / makespanMillis;
        }
    }

    /** Runs the history at a round trip of {@code rtt} on average and works out the limit from what it imported. */
    private static Run run(List<RawMessage> history, long seed, long rtt, LaneOrder order) {
        return run(history, seed, rtt, order, new SimWorld(NOW), e -> {});
    }

    private static Run run(List<RawMessage> history, long seed, long rtt, LaneOrder order, SimWorld world,
                           MigrationListener events) {
        return run(history, seed, rtt, order, JITTER, world, events);
    }

    /**
     * The round trip is {@code rtt} on average: a request arrives after {@code rtt/2 − jitter/2} ms plus 0 to
     * {@code jitter} ms, and its answer comes back {@code rtt/2 − 2} to {@code rtt/2 + 2} ms later.
     */
    private static Run run(List<RawMessage> history, long seed, long rtt, LaneOrder order, long jitter, SimWorld world,
                           MigrationListener events) {
        SimulatedZim zim = new SimulatedZim(world, seed, QPS, SimulatedZim.Faults.none());
        zim.setLatency(rtt / 2 - jitter / 2, rtt - rtt / 2 - 2, 5);
        zim.setArrivalJitter(jitter);
        Set<String> expired = new TreeSet<>();
        MigrationListener listener = new MigrationListener() {
            @Override
            public void onEvent(io.zimmigrate.core.engine.MigrationEvent e) {
                events.onEvent(e);
            }

            @Override
            public void onRejection(Rejection rejection) {
                if (rejection.violations().stream().anyMatch(v -> v.rule().equals(RetentionWindow.RULE_EXPIRED))) {
                    expired.add(rejection.id());
                }
            }
        };
        MigrationReport report;
        try {
            report = Migration.builder().source(new ListSource(history)).gateway(zim.gateway())
                    .journal(new InMemoryJournal()).loop(new SimLoop(world, Long.MAX_VALUE)).rules(RULES).qps(QPS)
                    .jitter(new SplittableRandom(seed)).laneOrder(order).listener(listener)
                    .guardCeilingMillis(Pacer.ADAPTIVE_GUARD_CEILING_MILLIS).build().run();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Map<String, Long> calls = new HashMap<>();
        long longest = 0;
        for (String key : zim.timelineKeys()) {
            int n = zim.timeline(key).size();
            calls.merge(key.startsWith("g:") ? "group" : "peer", (long) n, Long::sum);
            longest = Math.max(longest, n);
        }
        long byCap = calls.values().stream().mapToLong(c -> c * 1000 / QPS).max().orElse(0);
        long limit = Math.max(byCap, longest * rtt);
        return new Run(zim, report, limit, report.importMillis(), expired);
    }
}
