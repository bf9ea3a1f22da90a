package io.zimmigrate.bench;

/**
 * What a generated history looks like: how many messages, over how many conversations, in which order, and when.
 *
 * @param messages   records to write
 * @param groups     group conversations (one timeline each)
 * @param pairs      one-to-one conversations (two timelines each: one per participant)
 * @param shuffle    write the records in a seeded random order instead of by send time
 * @param seed       decides conversations, senders and the shuffle; same shape, same file
 * @param nowMillis  the instant the history ends just before (send times stay inside the retention window from it)
 * @param spanMillis how far back the oldest message lies
 * @param bodyBytes  length of each text body (ASCII)
 */
public record HistoryShape(long messages, int groups, int pairs, boolean shuffle, long seed, long nowMillis,
                           long spanMillis, int bodyBytes) {
    /** Newest message this long before {@code now}, so clock differences never put one in the future. */
    public static final long END_GAP_MILLIS = 60_000;
    /** 20 days: inside the default 30-day retention, with room for a long run. */
    public static final long DEFAULT_SPAN_MILLIS = 20L * 86_400_000L;
    public static final int DEFAULT_BODY_BYTES = 64;

    public HistoryShape {
        if (messages < 1) {
            throw new IllegalArgumentException("--messages must be at least 1");
        }
        if (groups < 0 || pairs < 0 || groups + pairs < 1) {
            throw new IllegalArgumentException("give at least one conversation (--groups or --pairs)");
        }
        if (spanMillis < 1 || bodyBytes < 1 || bodyBytes > 2048) {
            throw new IllegalArgumentException("--span-days must be positive and --body-bytes between 1 and 2048");
        }
        if (Math.multiplyHigh(messages, spanMillis) != 0 || messages * spanMillis < 0) {
            throw new IllegalArgumentException("--messages times the span in milliseconds must fit in 63 bits");
        }
    }

    public int conversations() {
        return groups + pairs;
    }

    /** Import calls the history needs: one per group message, two per one-to-one message. */
    public int timelines() {
        return groups + 2 * pairs;
    }
}
