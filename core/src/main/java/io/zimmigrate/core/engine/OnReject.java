package io.zimmigrate.core.engine;

/** What happens to the rest of a timeline when ZIM permanently refuses one of its messages. */
public enum OnReject {
    /** Record the rejection and go on with the next message of the timeline. */
    CONTINUE,
    /**
     * Leave the rest of the timeline unsent and unjournaled, so that a later run (after fixing the cause, e.g.
     * registering a user) resumes at the refused message and keeps the timeline's order intact.
     */
    STOP_TIMELINE
}
