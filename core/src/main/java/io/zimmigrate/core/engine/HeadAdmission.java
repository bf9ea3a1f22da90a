package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.Violation;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The last look at a lane's head before the pacer, the {@link Dispatcher.Admission} hooks of a run: a head whose
 * {@link SendGate} answer is pending (its media is still being stored) is held back; one that left the retention
 * window while it waited, or that the gate refuses, is settled here without a request (journaled as rejected); one
 * the gate changed goes out as changed. A head already sent once (to be reconciled) is past both checks. Engine
 * thread only.
 */
final class HeadAdmission {
    private final RetentionWindow retention;
    private final GateChecks gates;
    private final JournalWriter journal;
    private final BiConsumer<Lane, Rejection> rejected;

    /** {@code rejected}: tells the listeners about a head settled here as rejected (already journaled). */
    HeadAdmission(RetentionWindow retention, GateChecks gates, JournalWriter journal, BiConsumer<Lane, Rejection> rejected) {
        this.retention = retention;
        this.gates = gates;
        this.journal = journal;
        this.rejected = rejected;
    }

    /** Whether the lane's head waits for the {@link SendGate}; the gate's answer schedules the lane again. */
    boolean heldBack(Lane lane) {
        return !lane.needsReconcile() && gates.verdictOn(lane) == null;
    }

    /** True when the head was settled without a request (expired or refused); false when it goes (maybe changed). */
    boolean settledWithoutSending(Lane lane, long now) {
        if (lane.needsReconcile()) {
            return false;
        }
        Task task = lane.head();
        long t = task.message().sendTime();
        if (t != 0 && now > retention.deadline(t)) {
            Violation v = new Violation("SendMessageTime", RetentionWindow.RULE_EXPIRED, t + " left the "
                    + retention.days() + "-day retention window before its turn came (at " + now + ")");
            settleRejected(lane, task, RetentionWindow.RULE_EXPIRED, List.of(v));
            return true;
        }
        SendGate.Verdict verdict = gates.verdictOn(lane);
        if (verdict instanceof SendGate.Verdict.Refuse r) {
            settleRejected(lane, task, r.rule(), r.violations());
            return true;
        }
        if (verdict instanceof SendGate.Verdict.Send s && s.message() != task.message()) {
            lane.sendHeadAs(s.message());
        }
        return false;
    }

    private void settleRejected(Lane lane, Task task, String rule, List<Violation> violations) {
        journal.add(new JournalEntry.Rejected(lane.key, task.key(), 0, rule));
        lane.settledHead(false);
        rejected.accept(lane, new Rejection(task.message().locator(), task.message().id(), violations));
    }
}
