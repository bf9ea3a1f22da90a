package io.zimmigrate.core.rules;

import java.util.Objects;

/**
 * The choices a user makes about ZIM's rules: the plan's retention, whether IDs may contain a space, the
 * app's {@code Message} size limit (ZEGO can raise it from 2 KB up to 32 KB), and whether multi-item messages
 * (type 10, not confirmed importable) are let through.
 */
public record RuleSet(RetentionWindow retention, IdRules ids, int maxMessageBytes, boolean multiItemEnabled) {
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public RuleSet {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(ids, "ids");
        if (maxMessageBytes < 1 || maxMessageBytes > Limits.MESSAGE_MAX) {
            throw new IllegalArgumentException("the Message size limit must be between 1 and " + Limits.MESSAGE_MAX
                    + " bytes, not " + maxMessageBytes);
        }
    }

    /** Pro plan (30 days), no space in IDs, 2 KB messages, no multi-item. */
    public static RuleSet defaults() {
        return new RuleSet(new RetentionWindow(DEFAULT_RETENTION_DAYS), IdRules.strict(), Limits.MESSAGE_DEFAULT, false);
    }

    public RuleSet withRetentionDays(int days) {
        return new RuleSet(new RetentionWindow(days), ids, maxMessageBytes, multiItemEnabled);
    }

    public RuleSet withIds(IdRules newIds) {
        return new RuleSet(retention, newIds, maxMessageBytes, multiItemEnabled);
    }

    public RuleSet withMaxMessageBytes(int bytes) {
        return new RuleSet(retention, ids, bytes, multiItemEnabled);
    }

    public RuleSet withMultiItem(boolean enabled) {
        return new RuleSet(retention, ids, maxMessageBytes, enabled);
    }

    /** Multi-item bodies default to 5 KB, or the raised limit when it is larger. */
    public int maxMultiItemBytes() {
        return Math.max(Limits.MULTI_ITEM_DEFAULT, maxMessageBytes);
    }
}
