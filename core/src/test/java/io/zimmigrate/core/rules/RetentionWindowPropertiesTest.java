package io.zimmigrate.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The window {@code [now − days × 86 400 000, now]} is closed at both ends and nothing else passes. */
class RetentionWindowPropertiesTest {

    private static final long YEAR_3000 = 32_503_680_000_000L;

    @Test
    void acceptsExactlyTheClosedInterval() {
        qt().forAll(longs().between(RetentionWindow.DAY_MILLIS * 36_500, YEAR_3000), integers().between(1, 36_500),
                        longs().between(-3 * RetentionWindow.DAY_MILLIS * 36_500, 3 * RetentionWindow.DAY_MILLIS * 36_500))
                .checkAssert((now, days, offset) -> {
                    RetentionWindow w = new RetentionWindow(days);
                    long send = now + offset;
                    long oldest = now - days * RetentionWindow.DAY_MILLIS;
                    boolean inside = send >= oldest && send <= now;
                    Optional<Violation> v = w.check("SendMessageTime", send, now);
                    assertThat(v.isEmpty()).as("send %d now %d days %d", send, now, days).isEqualTo(inside || send == 0);
                    assertThat(w.contains(send, now)).isEqualTo(inside);
                    if (send > now) {
                        assertThat(v.get().rule()).isEqualTo(RetentionWindow.RULE_FUTURE);
                    } else if (send < oldest && send > 0) {
                        assertThat(v.get().rule()).isEqualTo(RetentionWindow.RULE_RETENTION);
                    }
                });
    }

    @Test
    void boundariesAreInclusiveAndOneMillisecondBeyondIsNot() {
        qt().forAll(longs().between(RetentionWindow.DAY_MILLIS * 36_500, YEAR_3000), integers().between(1, 36_500))
                .checkAssert((now, days) -> {
                    RetentionWindow w = new RetentionWindow(days);
                    long oldest = w.oldestAllowed(now);
                    assertThat(w.check("t", oldest, now)).isEmpty();
                    assertThat(w.check("t", now, now)).isEmpty();
                    assertThat(w.check("t", oldest - 1, now)).map(Violation::rule).contains(RetentionWindow.RULE_RETENTION);
                    assertThat(w.check("t", now + 1, now)).map(Violation::rule).contains(RetentionWindow.RULE_FUTURE);
                    assertThat(w.deadline(oldest)).isEqualTo(now);
                });
    }

    @Test
    void zeroMeansNowAndNegativeIsRefused() {
        RetentionWindow w = new RetentionWindow(30);
        assertThat(w.check("t", 0, Fixtures.NOW)).isEmpty();
        assertThat(w.check("t", -1, Fixtures.NOW)).map(Violation::rule).contains(RetentionWindow.RULE_NEGATIVE);
    }

    @Test
    void absentOrZeroSendTimeIsAcceptedWithAWarning() {
        for (Long t : new Long[] {null, 0L}) {
            Validation v = Fixtures.validate(Fixtures.groupText().sendMessageTime(t).build());
            assertThat(v).isInstanceOf(Validation.Accepted.class);
            assertThat(((Validation.Accepted) v).warnings()).extracting(Violation::rule)
                    .containsExactly(RetentionWindow.RULE_NOW);
        }
    }

    @Test
    void messageRulesUseTheRuleSetsRetention() {
        long tenDaysAgo = Fixtures.NOW - 10 * RetentionWindow.DAY_MILLIS;
        assertThat(Fixtures.rules(Fixtures.validate(RuleSet.defaults().withRetentionDays(7),
                Fixtures.groupText().sendMessageTime(tenDaysAgo).build()))).containsExactly(RetentionWindow.RULE_RETENTION);
        assertThat(Fixtures.rules(Fixtures.validate(RuleSet.defaults(),
                Fixtures.groupText().sendMessageTime(tenDaysAgo).build()))).isEmpty();
    }
}
