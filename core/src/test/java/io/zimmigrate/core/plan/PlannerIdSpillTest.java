package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.table.FingerprintSet;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planner's duplicate check with its ID table kept small (issue #13: the table, 10-14 bytes per message, ran
 * a plan of 20 M messages out of a 256 MB heap): a duplicate whose first copy was spilled is still rejected, no
 * record is rejected as a duplicate that the in-memory set accepted, and the rejections, their order and the plan
 * are the same, with workers and without.
 */
class PlannerIdSpillTest {
    private static final long NOW = 1_732_000_000_000L;
    /** The least table (64 segments of 27 slots): a set with this budget spills whenever a segment fills. */
    private static final long SMALLEST = 64 * 27 * 8;
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private record Outcome(List<String> messages, List<Rejection> rejections, String fingerprint, long rejected) {}

    /** Plans {@code records}: with workers and an ID table of {@code idBudget}, or in place with {@code ids}. */
    private static Outcome plan(List<SourceRecord> records, long idBudget, boolean workers, Planner[] used) {
        ScratchSpace scratch = new InMemoryScratchSpace();
        MessageRules rules = new MessageRules(RuleSet.defaults());
        InputRules input = workers || idBudget == Long.MAX_VALUE ? new InputRules(rules)
                : new InputRules(rules, FingerprintSet.spillingTo(scratch, idBudget), 0);
        Planner planner = new Planner(input, scratch, 64 << 10).idBudget(idBudget);
        if (workers) {
            planner = planner.preparingOn(pool);
        }
        used[0] = planner;
        List<Rejection> rejections = new ArrayList<>();
        Plan p = planner.plan(PlannerWorkersTest.source(records, -1, null), NOW, rejections::add);
        List<String> messages = new ArrayList<>();
        try (ScratchSpace.RunReader r = p.messages().read()) {
            while (r.hasNext()) {
                messages.add(java.util.HexFormat.of().formatHex(r.next()));
            }
        }
        return new Outcome(messages, rejections, p.fingerprint(), p.rejectedRecords());
    }

    @Test
    void theSameRejectionsInTheSameOrderAndTheSamePlanWhenTheIdsSpill() {
        Planner[] used = new Planner[1];
        for (long seed = 1; seed <= 6; seed++) {
            List<SourceRecord> history = PlannerWorkersTest.history(seed, 4000 + new Random(seed).nextInt(6000));
            Outcome inMemory = plan(history, Long.MAX_VALUE, false, used);
            long duplicates = inMemory.rejections().stream().filter(r -> r.violations().stream()
                    .anyMatch(v -> v.rule().equals(InputRules.RULE_DUPLICATE_ID))).count();
            assertThat(duplicates).as("seed %d has duplicates", seed).isPositive();
            for (long budget : new long[] {SMALLEST, 2 * SMALLEST}) {
                assertThat(plan(history, budget, true, used)).as("seed %d, budget %d, workers", seed, budget)
                        .isEqualTo(inMemory);
                assertThat(used[0].lastIds().spilledCount()).as("seed %d spilled", seed).isPositive();
                assertThat(plan(history, budget, false, used)).as("seed %d, budget %d, in place", seed, budget)
                        .isEqualTo(inMemory);
            }
        }
    }

    @Test
    void aPlansIdTableStaysInItsBudget() {
        Planner[] used = new Planner[1];
        List<SourceRecord> history = PlannerWorkersTest.history(42, 30_000);
        plan(history, 16L << 10, true, used);
        FingerprintSet ids = used[0].lastIds();
        assertThat(ids.size()).isGreaterThan(25_000);
        assertThat(ids.tableBytes()).isLessThanOrEqualTo(16L << 10);
        assertThat(ids.heldBytes() / (double) ids.size()).isLessThan(3.0); // the table alone: 10-14 B per Id
    }

    @Test
    void aPlanUnderTheDefaultBudgetSpillsNothing() {
        Planner[] used = new Planner[1];
        plan(PlannerWorkersTest.history(5, 20_000), FingerprintSet.idBudget(), true, used);
        assertThat(used[0].lastIds().spilledCount()).isZero();
        assertThat(used[0].lastIds().heldBytes()).isEqualTo(used[0].lastIds().tableBytes());
    }
}
