package io.zimmigrate.core.engine;

/**
 * Which timeline goes next when several can send the same action: the one choice of "which lane next", taken by a
 * run from {@link Migration.Builder#laneOrder}. Both orders keep ZIM's cap and one request per timeline; they differ
 * only in who gets a free slot.
 */
public enum LaneOrder {
    /**
     * The lane whose next message is oldest first: its retention deadline is the nearest, and a timeline's messages go
     * in send-time order, so the oldest head is the one closest to expiring. Short of a deadline it is the wrong
     * order for a history with one busy timeline: that timeline's recent messages wait behind every older small
     * one and then go alone, one per round trip.
     */
    NEAREST_DEADLINE_FIRST,
    /**
     * The default. The lane with the longest remaining chain first (remaining calls × round trip is the least time it
     * still needs, as it can only send one at a time), and a lane whose chain alone is as long as the rest of its
     * action's work at the cap never waits for a slot (a slot of the cap is kept free for its next request while it is
     * in flight). But when the oldest waiting message could leave the retention window before the buffered work is
     * done, deadlines go first, so nothing expires that {@link #NEAREST_DEADLINE_FIRST} would have saved.
     */
    CRITICAL_PATH
}
