package io.zimmigrate.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The journal's narrow columns (issue #13) say exactly what a plain array would: every long through
 * {@link CompactLongs} (ints, the rare wide value, values overwritten both ways), every 2-bit value through
 * {@link PagedFlags} without touching its neighbours, across pages.
 */
class CompactColumnsTest {
    private static final long[] EDGES = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1L,
        Integer.MAX_VALUE + 1L, Long.MIN_VALUE, Long.MAX_VALUE, 1_796_209_312_136L};

    @Test
    void compactLongsKeepEveryLongExactly() {
        qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(3 * PagedLongs.PAGE);
            CompactLongs c = new CompactLongs();
            c.reach(n - 1);
            Map<Integer, Long> expected = new HashMap<>();
            for (int k = 0; k < 3_000; k++) {
                int i = r.nextInt(n);
                long v = switch (r.nextInt(4)) {
                    case 0 -> EDGES[r.nextInt(EDGES.length)];
                    case 1 -> r.nextLong();
                    default -> r.nextInt(1_000_000) - 1;
                };
                c.set(i, v);
                expected.put(i, v);
            }
            for (int i = 0; i < n; i++) {
                assertThat(c.get(i)).as("index %d", i).isEqualTo(expected.getOrDefault(i, 0L));
            }
            long wide = expected.values().stream().filter(v -> v != (int) (long) v || v == Integer.MIN_VALUE).count();
            assertThat(c.wideCount()).isEqualTo(wide);
        });
    }

    @Test
    void pagedFlagsKeepTwoBitsEachWithoutTouchingTheirNeighbours() {
        qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(40 * PagedLongs.PAGE);
            PagedFlags f = new PagedFlags();
            f.reach(n - 1);
            int[] expected = new int[n];
            for (int k = 0; k < 5_000; k++) {
                int i = r.nextInt(n);
                int v = r.nextInt(4);
                f.set(i, v);
                expected[i] = v;
            }
            for (int i = 0; i < n; i++) {
                assertThat(f.get(i)).as("index %d", i).isEqualTo(expected[i]);
            }
        });
    }

    @Test
    void aTimelineRowTakesAboutSixteenBytes() {
        int rows = 1_000_000;
        PagedLongs time = new PagedLongs();
        CompactLongs ordinal = new CompactLongs();
        CompactLongs seq = new CompactLongs();
        PagedFlags flags = new PagedFlags();
        time.reach(rows - 1);
        ordinal.reach(rows - 1);
        seq.reach(rows - 1);
        flags.reach(rows - 1);
        for (int i = 0; i < rows; i++) {
            ordinal.set(i, 3L * i);
            seq.set(i, i + 1);
        }
        double perRow = (double) (time.bytes() + ordinal.bytes() + seq.bytes() + flags.bytes()) / rows;
        assertThat(perRow).isBetween(16.0, 16.6);
    }
}
