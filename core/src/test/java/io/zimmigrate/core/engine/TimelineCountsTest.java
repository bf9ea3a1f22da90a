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
}
