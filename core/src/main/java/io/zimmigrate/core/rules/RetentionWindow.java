package io.zimmigrate.core.rules;

import java.util.Optional;

/**
 * ZIM accepts a {@code SendMessageTime} only inside {@code [now - days × 86 400 000, now]}, judged when the request
 * arrives. The window is a pure function of {@code now}: callers pass the instant they mean (read time for
 * validation, send time for the engine).
 */
public record RetentionWindow(int days) {
    public static final long DAY_MILLIS = 86_400_000L;
    public static final String RULE_RETENTION = "time.retention";
    public static final String RULE_FUTURE = "time.future";
    public static final String RULE_NEGATIVE = "time.negative";
    public static final String RULE_NOW = "time.now";
    public static final String RULE_EXPIRED = "time.retention-expired";

    public RetentionWindow {
        if (days < 1 || days > 36_500) {
            throw new IllegalArgumentException("retention days must be between 1 and 36500, not " + days);
        }
    }

    public long oldestAllowed(long nowMillis) {
        return nowMillis - days * DAY_MILLIS;
    }

    /** The last instant at which a message sent at {@code sendTime} can still be imported. */
    public long deadline(long sendTime) {
        return sendTime + days * DAY_MILLIS;
    }

    public boolean contains(long sendTime, long nowMillis) {
        return sendTime >= oldestAllowed(nowMillis) && sendTime <= nowMillis;
    }

    /** Between 2000 and 2100 read as seconds: a value that is almost surely seconds given for milliseconds. */
    static boolean looksLikeSeconds(long sendTime) {
        return sendTime >= 946_684_800L && sendTime < 4_102_444_800L;
    }

    /** The violation of {@code sendTime} (ms; 0 means "now" and always passes) at {@code nowMillis}, if any. */
    public Optional<Violation> check(String field, long sendTime, long nowMillis) {
        if (sendTime == 0) {
            return Optional.empty();
        }
        if (sendTime < 0) {
            return Optional.of(new Violation(field, RULE_NEGATIVE, sendTime + " is negative; give epoch milliseconds"));
        }
        if (sendTime > nowMillis) {
            return Optional.of(new Violation(field, RULE_FUTURE, sendTime + " is " + (sendTime - nowMillis)
                    + " ms after now (" + nowMillis + "); ZIM refuses messages from the future"));
        }
        long oldest = oldestAllowed(nowMillis);
        if (sendTime < oldest) {
            return Optional.of(new Violation(field, RULE_RETENTION, sendTime + " is older than the retention window of "
                    + days + " days (oldest allowed now: " + oldest + ")" + (looksLikeSeconds(sendTime)
                    ? "; it looks like seconds: SendMessageTime is in milliseconds (" + sendTime + "000)" : "")));
        }
        return Optional.empty();
    }
}
