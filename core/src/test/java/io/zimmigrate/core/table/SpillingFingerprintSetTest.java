package io.zimmigrate.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.zimmigrate.core.plan.InMemoryScratchSpace;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * A {@link FingerprintSet} kept within a budget (issue #13): its fingerprints beyond it are spilled to sorted runs
 * with Bloom filters, and it answers exactly as a set that never spills.
 */
class SpillingFingerprintSetTest {
    /** The least table (64 segments of 27 slots): a set with this budget spills whenever a segment fills. */
    private static final long SMALLEST = 64 * 27 * 8;

    @Test
    void answersAsASetOfLongsWhateverItsBudget() {
        // Small values and 0 on purpose; a budget of the least table spills every few hundred values, so runs are
        // written, merged (more than four) and searched; the model is a HashSet.
        var values = Generate.oneOf(longs().all(), longs().between(-3, 3), Generate.constant(0L),
                longs().between(Long.MIN_VALUE, Long.MIN_VALUE + 3), longs().between(Long.MAX_VALUE - 3, Long.MAX_VALUE));
        var budgets = Generate.pick(List.of(SMALLEST, 2 * SMALLEST, 64L << 10));
        qt().withExamples(150).forAll(lists().of(values).ofSizeBetween(0, 6000), budgets).checkAssert((list, budget) -> {
            FingerprintSet set = FingerprintSet.spillingTo(new InMemoryScratchSpace(), budget);
            Set<Long> model = new HashSet<>();
            for (long v : list) {
                assertThat(set.add(v)).as("add %d", v).isEqualTo(model.add(v));
                assertThat(set.tableBytes()).isLessThanOrEqualTo(budget);
            }
            assertThat(set.size()).isEqualTo(model.size());
            for (long v : list) {
                assertThat(set.contains(v)).isTrue();
                assertThat(set.add(v)).isFalse();
            }
            Random random = new Random(list.size());
            for (int i = 0; i < 200; i++) {
                long v = random.nextLong();
                assertThat(set.contains(v)).isEqualTo(model.contains(v));
            }
        });
    }

    @Test
    void aDuplicateWhoseFirstCopyWasSpilledIsFound() {
        qt().withExamples(40).forAll(integers().between(0, 19_999), integers().between(1, 8)).checkAssert((first, repeats) -> {
            FingerprintSet set = FingerprintSet.spillingTo(new InMemoryScratchSpace(), SMALLEST);
            for (int i = 0; i < 20_000; i++) {
                assertThat(set.add("id-" + i)).isTrue();
            }
            assertThat(set.spilledCount()).isGreaterThan(15_000);
            for (int r = 0; r < repeats; r++) {
                assertThat(set.add("id-" + first)).as("id-%d again", first).isFalse();
            }
            assertThat(set.add("id-20000")).isTrue();
            assertThat(set.size()).isEqualTo(20_001);
        });
    }

    @Test
    void theTableStaysInItsBudgetAndASpilledIdKeepsAboutOneByte() {
        int n = 1_000_000;
        long budget = 1L << 20;
        FingerprintSet set = FingerprintSet.spillingTo(new InMemoryScratchSpace(), budget);
        Random random = new Random(13);
        for (int i = 0; i < n; i++) {
            set.add(random.nextLong());
        }
        assertThat(set.size()).isEqualTo(n);
        assertThat(set.tableBytes()).isLessThanOrEqualTo(budget);
        assertThat(set.spilledCount()).isGreaterThan(n - budget / 8);
        // Bloom filters at 1 % (9.6 bits) and one fence per 512: about 1.2 bytes per spilled fingerprint.
        assertThat((set.heldBytes() - set.tableBytes()) / (double) set.spilledCount()).isBetween(1.0, 1.5);
        assertThat(set.heldBytes() / (double) n).isLessThan(2.5); // the table alone: 10 to 14
        // A new value reads a block back only on a Bloom filter's false positive: at most about 1 % per run (<= 5).
        assertThat(set.spilledBlocksRead() / (double) n).isLessThan(0.05);
    }

    @Test
    void underItsBudgetASetNeverSpills() {
        FingerprintSet set = FingerprintSet.spillingTo(new InMemoryScratchSpace(), 32L << 20);
        for (int i = 0; i < 200_000; i++) {
            set.add("message-" + i);
        }
        assertThat(set.spilledCount()).isZero();
        assertThat(set.heldBytes()).isEqualTo(set.tableBytes());
        FingerprintSet plain = new FingerprintSet();
        for (int i = 0; i < 200_000; i++) {
            plain.add("message-" + i);
        }
        assertThat(set.tableBytes()).isEqualTo(plain.tableBytes());
    }
}
