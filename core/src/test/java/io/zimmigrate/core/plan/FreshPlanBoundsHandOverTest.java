package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.TaskKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A fresh run's plan, once kept, reads its timelines' first and last tasks from the kept header as a resume's does
 * ({@link KeptPlan#streamBounds}), and lets go of those it held (16 MiB of a 256 MiB heap) or spilled (issue #13: a
 * fresh run of 4 M one-to-one timelines was GC-bound at 248 MB live). What the run and a later keep see is the same:
 * every bound, and the header kept again byte for byte; a store that keeps another plan is not read.
 */
class FreshPlanBoundsHandOverTest {
    private static final long NOW = 1_732_000_000_000L;

    private record Bounds(int number, TaskKey first, TaskKey last) {}

    private static List<Bounds> bounds(Plan p) {
        List<Bounds> out = new ArrayList<>();
        p.timelineTable().forEachBounds((i, first, last) -> out.add(new Bounds(i, first, last)));
        return out;
    }

    @Test
    void aKeptPlanStreamsTheBoundsItHeldOrSpilledAndKeepsTheSameHeader() {
        qt().withExamples(30).forAll(longs().all(), integers().between(1, 3000)).checkAssert((seed, n) -> {
            List<RawMessage> history = PlannerBoundsSpillTest.oneToOne(seed, n, 2 + new Random(seed).nextInt(300));
            for (long budget : new long[] {Long.MAX_VALUE, 0, 32 * 7}) {
                String as = "budget " + budget;
                Plan plan = PlannerBoundsSpillTest.planner(budget, 16).plan(new ListSource(history, "list"), NOW,
                        r -> {});
                byte[] header = KeptPlan.header("key", plan);
                List<Bounds> held = bounds(plan);
                long bytes = plan.timelineTable().bytes();
                InMemoryPlanStore store = new InMemoryPlanStore();
                KeptPlan.keep(store, "key", plan);

                assertThat(KeptPlan.streamBounds(store, plan)).as(as).isTrue();
                assertThat(plan.timelineTable().spillsBounds()).as(as).isFalse();
                assertThat(plan.timelineTable().bytes()).as(as)
                        .isLessThanOrEqualTo(bytes - (budget == 0 ? 0 : 32L * Math.min(held.size(), budget / 32)));
                assertThat(bounds(plan)).as(as).isEqualTo(held);
                assertThat(KeptPlan.header("key", plan)).as(as).isEqualTo(header);
                // What a resume reads back from the same store.
                Plan resumed = KeptPlan.find(store, "key", plan.fingerprint()).plan();
                assertThat(bounds(resumed)).as(as).isEqualTo(held);
                assertThat(KeptPlan.streamBounds(store, plan)).as(as + ": streamed already").isFalse();
            }
        });
    }

    @Test
    void aStoreThatKeepsAnotherPlanIsNotRead() {
        Plan plan = PlannerBoundsSpillTest.planner(Long.MAX_VALUE, 16)
                .plan(new ListSource(PlannerBoundsSpillTest.oneToOne(3, 500, 40), "list"), NOW, r -> {});
        Plan other = PlannerBoundsSpillTest.planner(Long.MAX_VALUE, 16)
                .plan(new ListSource(PlannerBoundsSpillTest.oneToOne(4, 500, 40), "other"), NOW, r -> {});
        List<Bounds> held = bounds(plan);
        long bytes = plan.timelineTable().bytes();
        InMemoryPlanStore store = new InMemoryPlanStore();
        assertThat(KeptPlan.streamBounds(store, plan)).as("nothing kept").isFalse();
        KeptPlan.keep(store, "key", other);
        assertThat(KeptPlan.streamBounds(store, plan)).as("another plan kept").isFalse();
        assertThat(plan.timelineTable().bytes()).isEqualTo(bytes);
        assertThat(bounds(plan)).isEqualTo(held);
    }

    /** 100,000 one-to-one timelines held in memory: 32 bytes each let go once the plan is kept. */
    @Test
    void aKeptPlanLetsGoOfThirtyTwoBytesPerTimeline() {
        Plan plan = PlannerBoundsSpillTest.planner(Long.MAX_VALUE, 16)
                .plan(new ListSource(PlannerBoundsSpillTest.oneToOne(7, 60_000, 20_000), "list"), NOW, r -> {});
        int timelines = plan.timelines().size();
        assertThat(timelines).isGreaterThan(100_000);
        long before = plan.timelineTable().bytes();
        InMemoryPlanStore store = new InMemoryPlanStore();
        KeptPlan.keep(store, "key", plan);
        assertThat(KeptPlan.streamBounds(store, plan)).isTrue();
        assertThat((before - plan.timelineTable().bytes()) / (double) timelines).isGreaterThan(31);
    }
}
