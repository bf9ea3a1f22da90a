package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationCompareTest {

    @Test
    void identicalTimelinesAreOk() {
        qt().forAll(lists().of(integers().between(0, 5)).ofSizeBetween(0, 50)).checkAssert(xs -> {
            List<String> s = xs.stream().map(i -> "u|1|" + i).toList();
            assertThat(Verification.compare("t", s, s, null).ok()).isTrue();
        });
    }

    @Test
    void countsMissingDuplicatedAndOutOfOrder() {
        List<String> expected = List.of("a", "b", "c", "d");
        assertThat(Verification.compare("t", expected, List.of("a", "c", "d"), null).missing()).isEqualTo(1);
        assertThat(Verification.compare("t", expected, List.of("a", "b", "b", "c", "d"), null).duplicated()).isEqualTo(1);
        assertThat(Verification.compare("t", expected, List.of("a", "c", "b", "d"), null).outOfOrder()).isEqualTo(1);
        assertThat(Verification.compare("t", List.of("x", "x"), List.of("x", "x", "x"), null).duplicated()).isEqualTo(1);
    }

    /** Dropping one message of any timeline is always seen as exactly one missing. */
    @Test
    void anyDroppedMessageIsMissing() {
        qt().forAll(lists().of(integers().between(0, 3)).ofSizeBetween(1, 40), integers().between(0, 1000)).checkAssert((xs, at) -> {
            List<String> expected = xs.stream().map(i -> "m" + i).toList();
            List<String> found = new ArrayList<>(expected);
            found.remove(at % found.size());
            Verification.TimelineCheck c = Verification.compare("t", expected, found, null);
            assertThat(c.missing()).isEqualTo(1);
            assertThat(c.duplicated()).isZero();
        });
    }

    /** Issue 15: with --late append, a delta's late messages at the end of the timeline are counted, not an error. */
    @Test
    void lateMessagesAppendedAtTheEndAreCountedNotOutOfOrder() {
        List<String> expected = List.of("a", "l1", "b", "l2", "c", "d", "n");
        List<String> found = List.of("a", "b", "c", "d", "l1", "l2", "n");
        assertThat(Verification.compare("t", expected, found, null).outOfOrder()).isEqualTo(2);
        Verification.TimelineCheck appended = Verification.compare("t", expected, found, null, LatePolicy.APPEND);
        assertThat(appended.ok()).isTrue();
        assertThat(appended.appendedLate()).isEqualTo(2);
        assertThat(Verification.compare("t", expected, expected, null, LatePolicy.APPEND).appendedLate()).isZero();
    }

    /** Appended late messages go in send-time order among themselves: a run that is not is out of order. */
    @Test
    void appendedLateMessagesOutOfTheirOwnOrderAreOutOfOrder() {
        List<String> expected = List.of("a", "l1", "b", "l2", "c");
        Verification.TimelineCheck c = Verification.compare("t", expected, List.of("a", "b", "c", "l2", "l1"), null,
                LatePolicy.APPEND);
        assertThat(c.outOfOrder()).isEqualTo(1);
        assertThat(c.appendedLate()).isEqualTo(1);
        assertThat(c.ok()).isFalse();
    }

    /** Whatever the order, every message found is in order, appended, or out of order, exactly one of them. */
    @Test
    void everyMessageFoundIsInOrderAppendedOrOutOfOrder() {
        qt().forAll(lists().of(integers().between(0, 1000)).ofSizeBetween(0, 40)).checkAssert(seeds -> {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < seeds.size(); i++) {
                expected.add("m" + i);
            }
            List<String> found = new ArrayList<>(expected);
            java.util.Collections.shuffle(found, new java.util.Random(seeds.isEmpty() ? 0 : seeds.get(0)));
            Verification.TimelineCheck c = Verification.compare("t", expected, found, null, LatePolicy.APPEND);
            long inOrder = 0;
            int max = -1;
            for (String f : found) {
                int p = Integer.parseInt(f.substring(1));
                if (p > max) {
                    max = p;
                    inOrder++;
                }
            }
            assertThat(inOrder + c.appendedLate() + c.outOfOrder()).isEqualTo(found.size());
            assertThat(c.missing()).isZero();
        });
    }
}
