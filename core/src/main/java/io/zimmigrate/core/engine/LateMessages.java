package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * A delta run's late messages (issue 15): new calls that sort before what their timeline already holds in ZIM. By
 * the {@link LatePolicy}, each is rejected ({@value DeltaRebase#RULE_LATE}) or kept to be appended at the end of
 * its timeline. Appending needs nothing from the engine but the journal: the plan already offers a timeline's late
 * messages before its new ones (their keys sort lower), in their own order, and the journal marks them as not yet
 * settled ({@link JournalEntry.AppendLate}) although their keys are below the timeline's settled one, so the lanes
 * send them first, once, and a crash resumes like any other send.
 */
final class LateMessages {
    private final LatePolicy policy;
    private final MigrationListener listener;
    private final List<JournalEntry.AppendLate> toAppend = new ArrayList<>();
    private long rejected;

    LateMessages(LatePolicy policy, MigrationListener listener) {
        this.policy = policy;
        this.listener = listener;
    }

    /**
     * Call {@code key} of message {@code m} in timeline {@code t} sorts at or before {@code heldTo}, what the timeline
     * holds in ZIM. Returns whether it will be sent (appended); otherwise it has been reported as rejected.
     */
    boolean late(Message m, Timeline t, TaskKey key, TaskKey heldTo) {
        if (policy == LatePolicy.APPEND) {
            toAppend.add(new JournalEntry.AppendLate(t.key(), key));
            return true;
        }
        rejected++;
        Violation v = new Violation("SendMessageTime", DeltaRebase.RULE_LATE, m.sendTime() + " is earlier than "
                + "what timeline " + t.key() + " already holds in ZIM (up to " + heldTo.sendTime()
                + "); it cannot be placed in order, so it is not imported (--late=append would import it at the end "
                + "of the timeline)");
        listener.onRejection(new Rejection(m.locator(), m.id(), List.of(v)));
        return false;
    }

    /**
     * Call {@code key} sorts before {@code inFlight}, a send of the earlier run whose answer was lost (ZIM may hold it):
     * rejected ({@value #RULE_IN_FLIGHT}) whatever the policy, since nothing may go into the timeline before that send
     * is reconciled (its read-back looks above the last settled message) and sending it after would be out of order.
     */
    void behindSendInFlight(Message m, Timeline t, TaskKey key, TaskKey inFlight) {
        rejected++;
        listener.onRejection(new Rejection(m.locator(), m.id(), List.of(new Violation("SendMessageTime",
                RULE_IN_FLIGHT, m.sendTime() + " sorts before a message of timeline " + t.key() + " (sent at "
                + inFlight.sendTime() + ") whose import was in flight when the earlier run stopped, so ZIM may hold "
                + "it: it cannot be placed in order, so it is not imported. Resuming a stopped run with its own "
                + "export before the next delta avoids this"))));
    }

    static final String RULE_IN_FLIGHT = "time.behind-send-in-flight";

    /** Late calls reported as rejected. */
    long rejected() {
        return rejected;
    }

    /** Late calls to append at the end of their timelines. */
    long appended() {
        return toAppend.size();
    }

    /** Marks the late calls to append in the state the delta continues from (journaled by its atomic rewrite). */
    void markIn(JournalState state) {
        toAppend.forEach(state::apply);
    }
}
