package io.zimmigrate.core.engine;

/**
 * What a delta run does with a late message: a new message whose send time sorts before what its timeline already
 * holds in ZIM (a late edit, clock skew on the old service, a backfill). ZIM orders a timeline by arrival, so it
 * cannot be placed among its neighbours in time (docs/decisions.md).
 */
public enum LatePolicy {
    /** Not imported: reported as a rejection, rule {@code time.behind-timeline} (the default). */
    REJECT,
    /**
     * Imported at the end of its timeline, after everything the timeline already holds in ZIM and before the
     * timeline's new in-order messages, with its original {@code SendMessageTime}; late messages of one timeline
     * among themselves in send-time order. Counted in the delta's report, never silent.
     */
    APPEND
}
