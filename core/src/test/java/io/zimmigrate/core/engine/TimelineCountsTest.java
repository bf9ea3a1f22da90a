package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimelineCountsTest {

    /** The kept totals are the sums of the columns, whatever the order and mix of updates. */
    @Test
    void totalsAreAlwaysTheSumsOfTheColumns() {
        qt().forAll(integers().between(1, 3_000), longs().all()).checkAssert((timelines, seed) -> {
            SplittableRandom r = new SplittableRandom(seed);
            TimelineCounts counts = new TimelineCounts();
            counts.reach(timelines);
            for (int op = 0; op < 5_000; op++) {
                int t = r.nextInt(timelines);
                switch (r.nextInt(5)) {
                    case 0 -> counts.addImported(t);
                    case 1 -> counts.addRejected(t);
                    case 2 -> counts.addAlreadyDone(t);
                    case 3 -> counts.addNotAttempted(t, r.nextInt(4));
                    default -> counts.sawCall(t);
                }
                if (r.nextInt(50) == 0) {
                    counts.reach(counts.size() + r.nextInt(100));
                }
            }
            long imported = 0;
            long rejected = 0;
            long alreadyDone = 0;
            long notAttempted = 0;
            for (int i = 0; i < counts.size(); i++) {
                imported += counts.imported(i);
                rejected += counts.rejected(i);
                alreadyDone += counts.alreadyDone(i);
                notAttempted += counts.notAttempted(i);
            }
            assertThat(counts.importedTotal()).isEqualTo(imported);
            assertThat(counts.rejectedTotal()).isEqualTo(rejected);
            assertThat(counts.alreadyDoneTotal()).isEqualTo(alreadyDone);
            assertThat(counts.notAttemptedTotal()).isEqualTo(notAttempted);
        });
    }

    /**
     * A resume reaches every timeline of its plan but counts only the few it still sends to: the columns hold the
     * pages of those, not 20 bytes per timeline of the plan (issue #13: 40 MB of a 2 M-timeline resume).
     */
    @Test
    void countsOfAFewTimelinesAmongMillionsHoldOnlyTheirPages() {
        TimelineCounts counts = new TimelineCounts();
        counts.reach(2_000_000);
        for (int t = 1_500_000; t < 1_502_000; t++) {
            counts.sawCall(t);
            counts.addImported(t);
        }
        counts.addRejected(7);
        assertThat(counts.imported(1_500_001)).isEqualTo(1);
        assertThat(counts.calls(3)).isZero();
        assertThat(counts.rejected(7)).isEqualTo(1);
        assertThat(counts.rejectedTotal()).isEqualTo(1);
        assertThat(counts.bytes()).isLessThan(1_000_000);
    }

    /**
     * A fresh run counts calls seen and imported for every timeline of its plan: a byte each, not four (issue #13:
     * 32 MB of a fresh run of 4 M one-to-one timelines under -Xmx256m, 8 MB now); a group's count past a byte stays
     * exact.
     */
    @Test
    void aFreshRunsCountsOfEveryTimelineHoldTwoBytesEach() {
        int timelines = 2_000_000;
        TimelineCounts counts = new TimelineCounts();
        counts.reach(timelines);
        for (int t = 0; t < timelines; t++) {
            for (int c = 0; c < 1 + t % 9; c++) {
                counts.sawCall(t);
                counts.addImported(t);
            }
        }
        for (int c = 0; c < 100_000; c++) {
            counts.sawCall(5);
            counts.addImported(5);
        }
        assertThat(counts.calls(5)).isEqualTo(100_006);
        assertThat(counts.imported(timelines - 1)).isEqualTo(1 + (timelines - 1) % 9);
        assertThat(counts.counted(5)).isEqualTo(100_006);
        assertThat(counts.bytes() / (double) timelines).isLessThan(2.1);
    }
}
