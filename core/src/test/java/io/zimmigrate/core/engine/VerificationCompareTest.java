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
}
