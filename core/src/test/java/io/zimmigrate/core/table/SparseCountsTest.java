package io.zimmigrate.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparseCountsTest {

    /** Whatever is written, a row reads back its last count, small or large (a large one kept beside its byte). */
    @Test
    void everyRowReadsBackItsLastCount() {
        qt().forAll(integers().between(1, 40_000), longs().all()).checkAssert((rows, seed) -> {
            SplittableRandom r = new SplittableRandom(seed);
            SparseCounts counts = new SparseCounts();
            int[] model = new int[rows];
            counts.reach(rows - 1);
            int hot = r.nextInt(rows); // a large group's timeline: counted well past a byte
            for (int op = 0; op < 3_000; op++) {
                int t = r.nextInt(8) == 0 ? hot : r.nextInt(rows);
                switch (r.nextInt(4)) {
                    case 0 -> {
                        int v = r.nextInt(3) == 0 ? r.nextInt(100_000) : r.nextInt(300);
                        counts.set(t, v);
                        model[t] = v;
                    }
                    case 1 -> {
                        counts.set(t, 0);
                        model[t] = 0;
                    }
                    default -> {
                        counts.increment(t);
                        model[t]++;
                    }
                }
            }
            for (int t = 0; t < rows; t++) {
                assertThat(counts.get(t)).as("row %d", t).isEqualTo(model[t]);
            }
        });
    }

    /**
     * A fresh run counts every timeline (calls seen, imported): a byte each per column, where the int pages before held
     * four (issue #13: 32 MB of a run of 4 M timelines).
     */
    @Test
    void countsOfEveryRowHoldAByteEach() {
        int rows = 2_000_000;
        SparseCounts counts = new SparseCounts();
        counts.reach(rows - 1);
        for (int t = 0; t < rows; t++) {
            for (int c = 0; c < 1 + t % 7; c++) {
                counts.increment(t);
            }
        }
        counts.set(12_345, 1_000_000);
        assertThat(counts.get(12_345)).isEqualTo(1_000_000);
        assertThat(counts.get(rows - 1)).isEqualTo(1 + (rows - 1) % 7);
        assertThat(counts.bytes() / (double) rows).isLessThan(1.01);
    }

    @Test
    void aCountIsNeverNegative() {
        SparseCounts counts = new SparseCounts();
        counts.reach(10);
        assertThatThrownBy(() -> counts.set(3, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A plan's calls column is written to the kept header as ints, as {@link PagedInts} wrote it (format 2 unchanged:
     * a plan kept by the version before reads back alike), and read back from them, large counts included.
     */
    @Test
    void writesAndReadsTheIntsAPagedColumnDoes() throws java.io.IOException {
        qt().forAll(integers().between(0, 30_000), longs().all()).checkAssert((rows, seed) -> {
            SplittableRandom r = new SplittableRandom(seed);
            SparseCounts counts = new SparseCounts();
            PagedInts ints = new PagedInts();
            for (int t = 0; t < rows; t++) {
                int v = r.nextInt(50) == 0 ? r.nextInt(Integer.MAX_VALUE) : r.nextInt(20);
                counts.reach(t);
                ints.reach(t);
                counts.set(t, v);
                ints.set(t, v);
            }
            try {
                java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
                ints.writeTo(new java.io.DataOutputStream(expected), rows);
                java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
                counts.writeTo(new java.io.DataOutputStream(written), rows);
                assertThat(written.toByteArray()).isEqualTo(expected.toByteArray());
                SparseCounts back = new SparseCounts();
                byte[] bytes = written.toByteArray();
                back.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes)), rows);
                for (int t = 0; t < rows; t++) {
                    assertThat(back.get(t)).as("row %d", t).isEqualTo(ints.get(t));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
