package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.plan.InMemoryScratchSpace;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A timeline compared message by message in a window (issue #13: one group of 10 M messages) counts what
 * {@link Verification#compare} counts holding both lists: for any two lists when the window covers them, and for the
 * differences a run leaves (messages lost, in runs of any length; duplicates and swaps near their place) when it does
 * not. Fed as {@code verify} feeds it: the read-back spilled newest first and given back oldest first.
 */
class StreamedComparisonTest {

    @Test
    void aWindowAsLongAsTheTimelineCountsExactlyWhatCompareCounts() {
        qt().withExamples(500).forAll(lists().of(integers().between(0, 6)).ofSizeBetween(0, 40),
                lists().of(integers().between(0, 6)).ofSizeBetween(0, 40)).checkAssert((e, f) -> {
            List<String> expected = e.stream().map(i -> "m" + i).toList();
            List<String> found = f.stream().map(i -> "m" + i).toList();
            assertThat(streamed(expected, found, 100, 7)).isEqualTo(Verification.compare("t", expected, found, null));
        });
    }

    /**
     * Codes per message: 0-5 kept, 6 lost with the next 0-40 messages (runs longer than the window), 7 duplicated, 8
     * swapped with the next; each difference at least two windows from the next one.
     */
    @Test
    void sparseDifferencesAreCountedExactlyInASmallWindow() {
        qt().withExamples(500).forAll(lists().of(integers().between(0, 8)).ofSizeBetween(0, 300),
                integers().between(2, 12)).checkAssert((codes, window) -> {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < codes.size(); i++) {
                expected.add("m" + i);
            }
            List<String> found = new ArrayList<>();
            int calmUntil = 0;
            for (int i = 0; i < codes.size(); i++) {
                int code = codes.get(i);
                if (code >= 6 && i < calmUntil) {
                    code = 0;
                }
                switch (code) {
                    case 6 -> i += codes.size() > i + 1 ? codes.get(i + 1) * 5 : 0; // a run of lost messages
                    case 7 -> {
                        found.add(expected.get(i));
                        found.add(expected.get(i));
                    }
                    case 8 -> {
                        if (i + 1 < codes.size()) {
                            found.add(expected.get(i + 1));
                        }
                        found.add(expected.get(i));
                        i++;
                    }
                    default -> found.add(expected.get(i));
                }
                if (code >= 6) {
                    calmUntil = i + 1 + 2 * window;
                }
            }
            assertThat(streamed(expected, found, window, 3)).isEqualTo(Verification.compare("t", expected, found, null));
        });
    }

    /** Whatever the window, each message is counted once: matched, missing or duplicated. */
    @Test
    void everyMessageIsCountedOnceInAnyWindow() {
        qt().withExamples(500).forAll(lists().of(integers().between(0, 6)).ofSizeBetween(0, 60),
                lists().of(integers().between(0, 6)).ofSizeBetween(0, 60), integers().between(1, 5))
                .checkAssert((e, f, window) -> {
                    List<String> expected = e.stream().map(i -> "m" + i).toList();
                    List<String> found = f.stream().map(i -> "m" + i).toList();
                    Verification.TimelineCheck c = streamed(expected, found, window, 4);
                    assertThat(c.expected()).isEqualTo(expected.size());
                    assertThat(c.found()).isEqualTo(found.size());
                    assertThat(c.expected() - c.missing()).isEqualTo(c.found() - c.duplicated()).isNotNegative();
                    assertThat(c.outOfOrder()).isBetween(0, c.expected() - c.missing());
                    Verification.TimelineCheck exact = Verification.compare("t", expected, found, null);
                    assertThat(c.ok()).as("a difference is never missed").isEqualTo(exact.ok());
                });
    }

    @Test
    void aRunThatStoppedHalfWayMissesItsNewestHalf() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            expected.add("m" + i);
        }
        Verification.TimelineCheck c = streamed(expected, expected.subList(0, 5_000), 16, 64);
        assertThat(c).isEqualTo(new Verification.TimelineCheck("t", 10_000, 5_000, 5_000, 0, 0, null));
    }

    /** As {@code Verification.verifyStreamed} drives it: found spilled in chunks, expected read on its turn. */
    private static Verification.TimelineCheck streamed(List<String> expected, List<String> found, int window, int chunk) {
        ReadBackSpill spill = new ReadBackSpill(new InMemoryScratchSpace(), chunk);
        for (int i = found.size() - 1; i >= 0; i--) {
            spill.addNewestFirst(found.get(i));
        }
        StreamedComparison c = new StreamedComparison(window);
        Iterator<String> e = expected.iterator();
        Iterator<String> f = spill.oldestFirst();
        if (!e.hasNext()) {
            c.expectedDone();
        }
        while (e.hasNext() || f.hasNext()) {
            if (e.hasNext() && (c.wantsExpected() || !f.hasNext())) {
                c.expected(e.next());
                if (!e.hasNext()) {
                    c.expectedDone();
                }
            } else {
                c.found(f.next());
            }
        }
        return c.finish("t", null);
    }
}
