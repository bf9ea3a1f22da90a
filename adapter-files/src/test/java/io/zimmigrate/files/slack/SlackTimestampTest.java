package io.zimmigrate.files.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SlackTimestampTest {

    @Test
    void parsesSecondsAndMicros() {
        SlackTimestamp ts = SlackTimestamp.parse("1732000000.000123").orElseThrow();
        assertThat(ts.millis()).isEqualTo(1732000000000L);
        assertThat(SlackTimestamp.parse("1732000000.9999").orElseThrow().millis()).isEqualTo(1732000000999L);
        assertThat(SlackTimestamp.parse("1732000000").orElseThrow().millis()).isEqualTo(1732000000000L);
        assertThat(SlackTimestamp.parse("1732000000.")).isEmpty();
        assertThat(SlackTimestamp.parse("-1.5")).isEmpty();
        assertThat(SlackTimestamp.parse(null)).isEmpty();
    }

    @Test
    void orderIsTheExactDecimalOrderAndMillisAreItsFloor() {
        qt().forAll(longs().between(0, 9_999_999_999L), integers().between(0, 999_999),
                longs().between(0, 9_999_999_999L), integers().between(0, 999_999)).checkAssert((s1, u1, s2, u2) -> {
            String a = s1 + "." + String.format("%06d", u1);
            String b = s2 + "." + String.format("%06d", u2);
            SlackTimestamp ta = SlackTimestamp.parse(a).orElseThrow();
            SlackTimestamp tb = SlackTimestamp.parse(b).orElseThrow();
            assertThat(Integer.signum(ta.compareTo(tb))).isEqualTo(new BigDecimal(a).compareTo(new BigDecimal(b)));
            assertThat(ta.millis()).isEqualTo(new BigDecimal(a).movePointRight(3).longValue());
            if (ta.compareTo(tb) <= 0) {
                assertThat(ta.millis()).isLessThanOrEqualTo(tb.millis());
            }
        });
    }
}
