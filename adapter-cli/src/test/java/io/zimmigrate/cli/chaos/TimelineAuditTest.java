package io.zimmigrate.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chaos verdict must itself be right: each kind of damage is counted as what it is, and only that. */
class TimelineAuditTest {
    private static final List<String> E = List.of("a", "b", "c", "d", "e");

    private static TimelineAudit.Result audit(List<String> landed) {
        return TimelineAudit.compare(Map.of("g:x", E), Map.of("g:x", landed));
    }

    @Test
    void eachKindOfDamageIsCountedApart() {
        assertThat(audit(E).exact()).isTrue();
        assertThat(audit(List.of("a", "b", "d", "e")).counts()).isEqualTo("lost=1 duplicated=0 reordered=0 unexpected=0");
        assertThat(audit(List.of("a", "b", "b", "c", "d", "e", "a")).counts())
                .isEqualTo("lost=0 duplicated=2 reordered=0 unexpected=0");
        assertThat(audit(List.of("b", "a", "c", "d", "e")).counts()).isEqualTo("lost=0 duplicated=0 reordered=1 unexpected=0");
        assertThat(audit(List.of("e", "d", "c", "b", "a")).reordered()).as("all but one must move").isEqualTo(4);
        assertThat(audit(List.of("a", "b", "c", "d", "e", "z")).counts())
                .isEqualTo("lost=0 duplicated=0 reordered=0 unexpected=1");
    }

    @Test
    void aTimelineThatShouldNotExistIsUnexpectedAndAMissingOneIsLost() {
        TimelineAudit.Result r = TimelineAudit.compare(Map.of("g:x", E), Map.of("g:y", List.of("a")));
        assertThat(r.counts()).isEqualTo("lost=5 duplicated=0 reordered=0 unexpected=1");
        assertThat(r.examples()).anyMatch(e -> e.contains("g:y")).anyMatch(e -> e.contains("g:x"));
    }

    @Test
    void anExpectedTimelineMayNotHoldAnIdTwice() {
        assertThatThrownBy(() -> TimelineAudit.compare(Map.of("g:x", List.of("a", "a")), Map.of()))
                .hasMessageContaining("g:x");
    }

    /** Dropping k ids and appending j copies of kept ones loses k, duplicates j, and reorders nothing. */
    @Test
    void dropsAndLateCopiesAreCountedExactly() {
        qt().forAll(integers().between(1, 200), longs().all()).checkAssert((n, seed) -> {
            Random r = new Random(seed);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add("m" + i);
            }
            List<String> landed = new ArrayList<>();
            int dropped = 0;
            for (String id : expected) {
                if (r.nextInt(5) == 0) {
                    dropped++;
                } else {
                    landed.add(id);
                }
            }
            int kept = landed.size();
            int copies = kept == 0 ? 0 : r.nextInt(4);
            for (int i = 0; i < copies; i++) {
                landed.add(landed.get(r.nextInt(kept)));
            }
            TimelineAudit.Result result = TimelineAudit.compare(Map.of("g:t", expected), Map.of("g:t", landed));
            assertThat(result.counts()).isEqualTo("lost=" + dropped + " duplicated=" + copies + " reordered=0 unexpected=0");
        });
    }

    /** Moving one message elsewhere in a complete timeline is exactly one reordering. */
    @Test
    void oneMovedMessageIsOneReordering() {
        qt().forAll(integers().between(2, 100), integers().between(0, 1000), integers().between(0, 1000))
                .assuming((n, from, to) -> from % n != to % n)
                .checkAssert((n, from, to) -> {
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        expected.add("m" + i);
                    }
                    List<String> landed = new ArrayList<>(expected);
                    landed.add(to % n, landed.remove(from % n));
                    assertThat(TimelineAudit.compare(Map.of("g:t", expected), Map.of("g:t", landed)).counts())
                            .isEqualTo("lost=0 duplicated=0 reordered=1 unexpected=0");
                });
    }
}
