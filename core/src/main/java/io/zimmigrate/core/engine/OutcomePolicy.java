package io.zimmigrate.core.engine;

import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.port.ReadMessage;
import java.util.List;

/**
 * What a lane does about each answer ZIM gives to its request: the engine's whole reading of an {@link Outcome}, in
 * one place. The run carries the resulting {@link LaneAction} out (journal, lane, listener).
 */
final class OutcomePolicy {
    /** The rule named when a lost answer cannot be decided from what ZIM reads back. */
    static final String RULE_CANNOT_DECIDE = "reconcile.cannot-decide";
    private final OnReject onReject;
    private final long landingHorizonMillis;

    /**
     * {@code landingHorizonMillis}: how long after a request left ZIM may still apply it (the client's whole
     * deadline plus the time ZIM may hold a request it took in); a lost import is not taken for "did not land"
     * before it is that old.
     */
    OutcomePolicy(OnReject onReject, long landingHorizonMillis) {
        this.onReject = onReject;
        this.landingHorizonMillis = landingHorizonMillis;
    }

    /** What a lane does next. */
    sealed interface LaneAction {}

    /** The head is in ZIM at {@code msgSeq}. */
    record Settle(long msgSeq) implements LaneAction {}

    /** ZIM refused the head for good; journal it as refused and go on with the next message. */
    record Reject(long code, Rejection rejection) implements LaneAction {}

    /** ZIM refused the head and the caller asked to stop a timeline at its first refusal. */
    record StopLane(Rejection rejection) implements LaneAction {}

    /** Not done and not sent: try again after a backoff; {@code throttled} slows the action's pacer too. */
    record Retry(boolean throttled, String reason) implements LaneAction {}

    /** The answer was lost: read the timeline back before the head may be sent again. */
    record Reconcile(String reason) implements LaneAction {}

    /** Reading back showed the head did not land, and ZIM can no longer apply it: send it again. */
    record Resend() implements LaneAction {}

    /**
     * Reading back did not find the head, but its request is younger than the landing horizon, so ZIM may still
     * apply it (it has no idempotency key): read back again at {@code at} instead of resending now.
     */
    record ReadBackAgain(long at) implements LaneAction {}

    /** Nothing more should be sent by this run. */
    record StopRun(String reason) implements LaneAction {}

    LaneAction onImport(Lane lane, Task task, Outcome<ZimGateway.ImportReceipt> outcome) {
        if (outcome instanceof Outcome.Done<ZimGateway.ImportReceipt> done) {
            return new Settle(done.value().msgSeq());
        }
        if (outcome instanceof Outcome.Rejected<ZimGateway.ImportReceipt> r) {
            Rejection rejection = new Rejection(task.message().locator(), task.message().id(),
                    List.of(new Violation("(ZIM)", "zim." + r.code(), "ZIM refused the import into " + lane.timeline
                            + ": " + r.code() + " " + r.message())), r.code());
            return onReject == OnReject.STOP_TIMELINE ? new StopLane(rejection) : new Reject(r.code(), rejection);
        }
        if (outcome instanceof Outcome.RetryLater<ZimGateway.ImportReceipt> later) {
            return new Retry(later.throttled(), later.reason());
        }
        if (outcome instanceof Outcome.Unknown<ZimGateway.ImportReceipt> u) {
            return new Reconcile(u.reason());
        }
        Outcome.Fatal<ZimGateway.ImportReceipt> f = (Outcome.Fatal<ZimGateway.ImportReceipt>) outcome;
        return new StopRun(fatal(f.code(), f.message()));
    }

    /**
     * The answer, at {@code now}, to reading a timeline back to find out whether {@code task}, whose answer was lost,
     * landed.
     */
    LaneAction onReadBack(Lane lane, Task task, Outcome<ZimGateway.MessagePage> outcome, long now) {
        if (outcome instanceof Outcome.Done<ZimGateway.MessagePage> done) {
            LaneAction action = landed(lane, task, done.value().messages());
            return action instanceof Resend ? notFound(lane, now) : action;
        }
        if (outcome instanceof Outcome.Fatal<ZimGateway.MessagePage> f) {
            return new StopRun(fatal(f.code(), f.message()));
        }
        if (outcome instanceof Outcome.Rejected<ZimGateway.MessagePage> r) {
            return new StopRun("could not read back " + lane.timeline + " to check a message whose answer was lost "
                    + "(ZIM answered " + r.code() + " " + r.message() + "); nothing was resent, run again to retry");
        }
        boolean throttled = outcome instanceof Outcome.RetryLater<ZimGateway.MessagePage> l && l.throttled();
        return new Retry(throttled, "reading back " + lane.timeline + " failed; will try again");
    }

    /**
     * The message we may have imported is among those ZIM stored after our last acknowledged one (a migration
     * timeline has no other writers), and has our {@link MessageIdentity identity}; the oldest such is ours. If none
     * is, but one from our sender and of our type has a body that cannot be read, nobody can tell whether ours
     * landed: the timeline stops there (the message stays pending in the journal, so a later run reads back again),
     * and nothing is resent blindly.
     */
    private static LaneAction landed(Lane lane, Task task, List<ReadMessage> newestFirst) {
        Found found = find(task.message(), lane.lastMsgSeq(), newestFirst);
        ReadMessage undecided = found.undecided();
        if (found.ours() != null) {
            return new Settle(found.ours().msgSeq());
        }
        if (undecided != null) {
            String why = "cannot tell whether message " + task.message().id() + " reached " + lane.timeline
                    + ": its answer was lost, and ZIM read back a message from " + undecided.sender() + " (MsgSeq "
                    + undecided.msgSeq() + ") whose body matches neither form it is known to return: "
                    + abbreviated(undecided.body()) + ". The timeline stopped here and nothing was resent; check "
                    + "the timeline in ZIM, then run again";
            return new StopLane(new Rejection(task.message().locator(), task.message().id(),
                    List.of(new Violation("MsgBody", RULE_CANNOT_DECIDE, why))));
        }
        return new Resend();
    }

    /**
     * Not in ZIM (yet). Resent only once its request is older than the landing horizon: a request ZIM took in may be
     * applied after the first read-back, and sending it again then would import it twice. A send a crashed run left
     * in the journal left at an unknown moment before this run: it is given the whole horizon from now.
     */
    private LaneAction notFound(Lane lane, long now) {
        long landsBy = lane.landsBy() == Lane.LANDS_BY_UNKNOWN ? now + landingHorizonMillis : lane.landsBy();
        return now < landsBy ? new ReadBackAgain(landsBy) : new Resend();
    }

    /** What a read-back shows of {@code sent}: ours (it landed), or else one nobody can decide; both may be null. */
    record Found(ReadMessage ours, ReadMessage undecided) {}

    /**
     * The oldest message ZIM stored after {@code lastMsgSeq} (our last acknowledged one) that is {@code sent}, by its
     * {@link MessageIdentity}; the reconciliation of a lost answer, in the run ({@link #onReadBack}) and in a delta
     * run before it compares exports ({@link InFlightSends}).
     */
    static Found find(io.zimmigrate.core.model.Message sent, long lastMsgSeq, List<ReadMessage> newestFirst) {
        ReadMessage match = null;
        ReadMessage undecided = null;
        for (ReadMessage q : newestFirst) {
            if (q.msgSeq() <= lastMsgSeq) {
                break;
            }
            MessageIdentity.Match m = MessageIdentity.match(sent, q);
            if (m == MessageIdentity.Match.OURS) {
                match = q; // keep scanning: the oldest match after our last acknowledged one is ours
            } else if (m == MessageIdentity.Match.CANNOT_DECIDE) {
                undecided = q;
            }
        }
        return new Found(match, undecided);
    }

    private static String abbreviated(String body) {
        String b = body.isEmpty() ? "(none)" : body;
        return b.length() <= 300 ? b : b.substring(0, 300) + "… (" + b.length() + " characters)";
    }

    static String fatal(Long code, String message) {
        return "ZIM answered " + (code == null ? "" : code + " ") + message;
    }
}
