package io.zimmigrate.core.engine;

/**
 * What a run does before its first import when its journal holds nothing yet. A fresh journal does not mean ZIM
 * holds nothing of the input: the same export run from another directory, with another {@code --journal}, or after
 * the journal was deleted or damaged would import everything a second time.
 */
public enum FreshJournal {
    /**
     * Read back the newest messages of the plan's largest timelines (up to 20) and refuse, sending nothing, when ZIM
     * already holds any message of this input. The default.
     */
    CHECK_ZIM,
    /**
     * Rebuild the journal from ZIM: read back every timeline's newest messages, find the last message of this input
     * ZIM holds, and continue after it. One read per timeline (more only when repeated messages need them).
     */
    RECOVER_FROM_ZIM,
    /** Import without looking: whatever ZIM already holds of this input is imported a second time. */
    IMPORT_REGARDLESS
}
