package io.zimmigrate.core.media;

/** What a message gets when one of its originals cannot be fetched (404, 403, still failing after retries). */
public enum OnUnavailable {
    /** The message is rejected with rule {@value RelocatingSource#RULE_UNAVAILABLE} and the reason. */
    REJECT,
    /** The message keeps that original URL (it may break when the old service closes); the report counts it. */
    KEEP_ORIGINAL
}
