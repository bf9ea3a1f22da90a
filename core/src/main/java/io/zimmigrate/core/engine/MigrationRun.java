package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimeOrderSorter;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.wire.Action;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.QueryPeerMsgRequest;
import io.zimmigrate.core.wire.ZimResponses.QueriedMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionStage;

/**
 * One run of the engine over a plan: schedules the timelines, sends, journals, retries and reconciles. Lives on
 * the engine thread; gateway answers come back through the {@link EngineLoop}.
 *
 * <p>Invariants: at most one request in flight per timeline (ZIM orders by arrival); a task's {@code Sending}
 * line is durable before its request leaves; a task whose answer was lost is reconciled against ZIM before it
 * is sent again; each action's requests follow its {@link Pacer}.
 */
final class MigrationRun {
    static final int RECONCILE_PAGE = 20;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long BASE_BACKOFF_MILLIS = 250;
    private static final int MAX_RESIGNS = 3;
    /** A bound past every task: the whole plan is settled. */
    private static final TaskKey PAST_THE_END = new TaskKey(Long.MAX_VALUE, Long.MAX_VALUE);
    private static final Comparator<TimelineState> BY_HEAD = Comparator
            .comparing((TimelineState t) -> t.head().key())
            .thenComparing(t -> t.key);

    private final Migration.Settings settings;
    private final EngineLoop loop;
    private final ZimGateway gateway;
    private final JournalWriter journal;
    private final MigrationListener listener;
    private final JournalState history;
    private final RetentionWindow retention;

    private final Map<Action, Pacer> pacers = new EnumMap<>(Action.class);
    private final Map<Action, PriorityQueue<TimelineState>> ready = new EnumMap<>(Action.class);
    private final PriorityQueue<TimelineState> waiting = new PriorityQueue<>(Comparator.comparingLong(t -> t.readyAt));
    private final Map<String, TimelineState> timelines = new HashMap<>();
    private final List<Runnable> toFire = new ArrayList<>();
    /**
     * Actions that have had an answer. Until then only one request of the action is in flight: a cold transport
     * (class loading, first connection, JIT) holds its first requests back for up to a second and then releases them
     * together, which the server sees as a burst over the cap although the pacer spaced them. One probe absorbs that.
     */
    private final java.util.EnumSet<Action> answered = java.util.EnumSet.noneOf(Action.class);
    private final java.util.EnumSet<Action> probing = java.util.EnumSet.noneOf(Action.class);

    private ScratchSpace.RunReader reader;
    /** Plan messages before this key are settled in every timeline they belong to (null: skip nothing). */
    private TaskKey settledBefore;
    private long skippedCalls;
    private int inFlight;
    private long buffered;
    private volatile String stopReason;

    private long importCalls;
    private long imported;
    private long rejected;
    private long alreadyDone;
    private long notAttempted;
    private long retries;
    private long throttled;
    private long unknown;
    private long reconciledLanded;

    private long lastProgressAt;
    private long settledAtLastProgress;
    private long startedAt;

    MigrationRun(Migration.Settings settings, EngineLoop loop, ZimGateway gateway, JournalWriter journal,
                 JournalState history, MigrationListener listener) {
        this.settings = settings;
        this.loop = loop;
        this.gateway = gateway;
        this.journal = journal;
        this.history = history;
        this.listener = listener;
        this.retention = settings.rules().retention();
        for (Action a : Action.values()) {
            pacers.put(a, new Pacer(settings.qps(), settings.guardMillis()));
            ready.put(a, new PriorityQueue<>(BY_HEAD));
        }
    }

    void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        loop.post(() -> {});
    }

    boolean stopping() {
        return stopReason != null;
    }

    String stopReason() {
        return stopReason;
    }

    Pacer pacer(Action action) {
        return pacers.get(action);
    }

    /** Sends every task of the plan that the journal does not already settle; returns the report's import part. */
    MigrationReport run(Plan plan) throws InterruptedException {
        startedAt = loop.nowMillis();
        lastProgressAt = startedAt;
        importCalls = plan.importCalls();
        settledBefore = settledPrefixEnd(plan);
        TimeOrderSorter.Sorted.Positioned start = plan.messages().readFrom(settledBefore);
        skippedCalls = start.callsLeftOut();
        alreadyDone = skippedCalls;
        long stopDeadline = Long.MAX_VALUE;
        try (ScratchSpace.RunReader r = start.reader()) {
            reader = r;
            while (true) {
                if (stopping()) {
                    if (stopDeadline == Long.MAX_VALUE) {
                        listener.onEvent(new MigrationEvent.Stopping(stopReason));
                        stopDeadline = loop.nowMillis() + settings.drainMillis();
                    }
                    if (inFlight == 0 || loop.nowMillis() >= stopDeadline) {
                        break;
                    }
                } else {
                    fill();
                    promoteWaiting();
                    dispatch();
                }
                journal.flush();
                fireAll();
                if (!stopping() && finished()) {
                    break;
                }
                loop.runUntil(nextWake());
                // No flush here: the answers' lines go to disk with the next requests' Sending lines in one fsync at
                // the top of the loop (half the fsyncs per round trip; bench/p5-one-timeline.sh). A crash before it
                // only leaves those tasks pending, which reconciliation settles.
                progress(false);
            }
            journal.flush();
            countUnsent();
        }
        progress(true);
        return report(plan);
    }

    private boolean finished() {
        return inFlight == 0 && buffered == 0 && waiting.isEmpty() && !reader.hasNext();
    }

    // ---- reading the plan into per-timeline queues -------------------------------------------------------

    /**
     * Where the settled prefix of the plan ends: the plan is in (send time, input position) order, so a message
     * before this key is settled in each of its timelines when, for every timeline of the plan, it is no later than
     * the timeline's last settled task, or the timeline is settled to its end, or (no progress yet) the message
     * comes before the timeline's first task and so is not one of its messages. A resume starts reading at the kept
     * plan's index block for this key (the calls before it counted as done) and skips the rest of the prefix by each
     * message's 16-byte key, instead of decoding a million messages it will not send.
     */
    private TaskKey settledPrefixEnd(Plan plan) {
        TaskKey end = PAST_THE_END;
        for (Map.Entry<String, Plan.TimelinePlan> e : plan.timelines().entrySet()) {
            Plan.TimelinePlan t = e.getValue();
            JournalState.TimelineProgress progress = history.timeline(e.getKey());
            TaskKey bound;
            if (progress == null || progress.lastSettled() == null) {
                bound = t.first();
            } else if (!t.last().isAfter(progress.lastSettled())) {
                continue; // settled to its end
            } else {
                bound = new TaskKey(progress.lastSettled().sendTime(), progress.lastSettled().ordinal() + 1);
            }
            if (bound.compareTo(end) < 0) {
                end = bound;
            }
        }
        return end;
    }

    private void fill() {
        while (buffered < settings.lookahead() && reader.hasNext()) {
            byte[] record = reader.next();
            if (settledBefore != null) {
                if (MessageCodec.isBefore(record, settledBefore.sendTime(), settledBefore.ordinal())) {
                    // Settled in all its timelines: counted as already done, per timeline in report().
                    int calls = MessageCodec.timelineCount(record);
                    skippedCalls += calls;
                    alreadyDone += calls;
                    continue;
                }
                settledBefore = null;
            }
            Message m = MessageCodec.decode(record);
            for (Timeline t : m.timelines()) {
                TimelineState tl = timeline(t);
                Task task = Task.of(m, t);
                tl.calls++;
                if (tl.isSettled(task.key())) {
                    tl.alreadyDone++;
                    alreadyDone++;
                } else if (tl.stopped) {
                    tl.notAttempted++;
                    notAttempted++;
                } else {
                    tl.queue.add(task);
                    buffered++;
                    schedule(tl);
                }
            }
        }
    }

    private TimelineState timeline(Timeline t) {
        return timelines.computeIfAbsent(t.key(), k -> new TimelineState(t, history.timeline(k)));
    }

    /** Puts a timeline whose head can go into its action's ready queue (or the waiting queue if backing off). */
    private void schedule(TimelineState tl) {
        if (tl.busy || tl.scheduled || tl.queue.isEmpty() || tl.stopped) {
            return;
        }
        tl.scheduled = true;
        if (tl.readyAt > loop.nowMillis()) {
            waiting.add(tl);
        } else {
            ready.get(tl.nextAction()).add(tl);
        }
    }

    private void promoteWaiting() {
        long now = loop.nowMillis();
        while (!waiting.isEmpty() && waiting.peek().readyAt <= now) {
            TimelineState tl = waiting.poll();
            ready.get(tl.nextAction()).add(tl);
        }
    }

    // ---- sending -----------------------------------------------------------------------------------------

    private void dispatch() {
        long now = loop.nowMillis();
        for (Map.Entry<Action, PriorityQueue<TimelineState>> entry : ready.entrySet()) {
            PriorityQueue<TimelineState> queue = entry.getValue();
            Pacer pacer = pacers.get(entry.getKey());
            while (!queue.isEmpty() && inFlight < settings.maxInFlight()) {
                TimelineState tl = queue.peek();
                if (!tl.needsReconcile() && expired(tl.head(), now)) {
                    queue.poll();
                    tl.scheduled = false;
                    rejectExpired(tl, now);
                    schedule(tl);
                    continue;
                }
                if (pacer.nextSlot(now) > now) {
                    break;
                }
                if (!answered.contains(entry.getKey()) && !probing.add(entry.getKey())) {
                    break; // the first request of this action is still out
                }
                queue.poll();
                tl.scheduled = false;
                pacer.sent(now);
                if (tl.needsReconcile()) {
                    reconcile(tl, tl.head());
                } else {
                    send(tl, tl.head());
                }
            }
        }
    }

    private boolean expired(Task task, long now) {
        long t = task.message().sendTime();
        return t != 0 && now > retention.deadline(t);
    }

    private void rejectExpired(TimelineState tl, long now) {
        Task task = tl.queue.poll();
        buffered--;
        Violation v = new Violation("SendMessageTime", RetentionWindow.RULE_EXPIRED, task.message().sendTime()
                + " left the " + retention.days() + "-day retention window before its turn came (at " + now + ")");
        journal.add(new JournalEntry.Rejected(tl.key, task.key(), 0, RetentionWindow.RULE_EXPIRED));
        tl.settled(task.key());
        settleRejected(tl, task, new Rejection(task.message().locator(), task.message().id(), List.of(v)));
    }

    private void send(TimelineState tl, Task task) {
        tl.busy = true;
        inFlight++;
        journal.add(new JournalEntry.Sending(tl.key, task.key()));
        listener.onEvent(new MigrationEvent.Sent(tl.key, task.message().id()));
        toFire.add(() -> deliver(ImportRequests.send(gateway, task), o -> onImport(tl, task, o)));
    }

    /** Requests leave only after the journal lines that announce them are durable. */
    private void fireAll() {
        if (toFire.isEmpty()) {
            return;
        }
        List<Runnable> batch = new ArrayList<>(toFire);
        toFire.clear();
        long now = loop.nowMillis();
        pacers.values().forEach(p -> p.departed(now));
        batch.forEach(Runnable::run);
    }

    private <T> void deliver(CompletionStage<Outcome<T>> stage, java.util.function.Consumer<Outcome<T>> handler) {
        stage.whenComplete((outcome, error) -> loop.post(() -> handler.accept(outcome != null ? outcome
                : new Outcome.Unknown<>("the gateway failed: " + (error == null ? "no answer" : error.getClass().getSimpleName())))));
    }

    private void onImport(TimelineState tl, Task task, Outcome<ZimGateway.ImportReceipt> outcome) {
        tl.busy = false;
        inFlight--;
        answered.add(tl.importAction);
        Pacer pacer = pacers.get(tl.importAction);
        if (outcome instanceof Outcome.Done<ZimGateway.ImportReceipt> done) {
            pacer.succeeded();
            settleImported(tl, task, done.value().msgSeq(), false);
        } else if (outcome instanceof Outcome.Rejected<ZimGateway.ImportReceipt> r) {
            Rejection rejection = new Rejection(task.message().locator(), task.message().id(),
                    List.of(new Violation("(ZIM)", "zim." + r.code(), "ZIM refused the import into " + tl.timeline
                            + ": " + r.code() + " " + r.message())), r.code());
            if (settings.onReject() == OnReject.STOP_TIMELINE) {
                stopTimeline(tl, rejection);
            } else {
                journal.add(new JournalEntry.Rejected(tl.key, task.key(), r.code(), "zim." + r.code()));
                tl.queue.poll();
                buffered--;
                tl.settled(task.key());
                settleRejected(tl, task, rejection);
            }
        } else if (outcome instanceof Outcome.RetryLater<ZimGateway.ImportReceipt> later) {
            retryLater(tl, task, later.code(), later.reason());
        } else if (outcome instanceof Outcome.Resign<ZimGateway.ImportReceipt> resign) {
            if (++tl.resigns > MAX_RESIGNS) {
                requestStop("ZIM keeps answering 'signature expired' (" + resign.code()
                        + "): check this machine's clock; ZIM allows 10 minutes of difference");
            } else {
                retries++;
                schedule(tl);
            }
        } else if (outcome instanceof Outcome.Unknown<ZimGateway.ImportReceipt> u) {
            unknown++;
            tl.unresolved = task.key();
            tl.readyAt = loop.nowMillis() + settings.reconcileDelayMillis();
            listener.onEvent(new MigrationEvent.Unknown(tl.key, task.message().id(), u.reason()));
            schedule(tl);
        } else if (outcome instanceof Outcome.Fatal<ZimGateway.ImportReceipt> f) {
            requestStop("ZIM answered " + (f.code() == null ? "" : f.code() + " ") + f.message());
        }
    }

    private void retryLater(TimelineState tl, Task task, Long code, String reason) {
        retries++;
        if (code != null && ZimThrottleCodes.isThrottle(code)) {
            throttled++;
            Pacer pacer = pacers.get(tl.nextAction());
            pacer.throttled();
            listener.onEvent(new MigrationEvent.Throttled(tl.nextAction().wireName(), pacer.currentRate()));
        }
        tl.failures++;
        long backoff = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(tl.failures - 1, 10));
        backoff = backoff / 2 + settings.jitter().nextLong(backoff / 2 + 1);
        tl.readyAt = loop.nowMillis() + backoff;
        listener.onEvent(new MigrationEvent.Retried(tl.key, task.message().id(), reason, backoff));
        schedule(tl);
    }

    private void settleImported(TimelineState tl, Task task, long msgSeq, boolean viaReconcile) {
        journal.add(new JournalEntry.Imported(tl.key, task.key(), msgSeq));
        tl.queue.poll();
        buffered--;
        tl.settled(task.key());
        tl.lastMsgSeq = msgSeq;
        tl.failures = 0;
        tl.resigns = 0;
        tl.imported++;
        imported++;
        if (viaReconcile) {
            reconciledLanded++;
        }
        listener.onEvent(new MigrationEvent.Imported(tl.key, task.message().id(), msgSeq));
        schedule(tl);
    }

    private void settleRejected(TimelineState tl, Task task, Rejection rejection) {
        tl.failures = 0;
        tl.rejected++;
        rejected++;
        listener.onEvent(new MigrationEvent.Rejected(tl.key, rejection));
        listener.onRejection(rejection);
        schedule(tl);
    }

    private void stopTimeline(TimelineState tl, Rejection rejection) {
        tl.stopped = true;
        tl.rejected++;
        rejected++;
        listener.onEvent(new MigrationEvent.Rejected(tl.key, rejection));
        listener.onRejection(rejection);
        tl.queue.poll(); // the refused message stays unjournaled, so a later run retries it
        buffered--;
        int rest = tl.queue.size();
        buffered -= rest;
        tl.notAttempted += rest;
        notAttempted += rest;
        tl.queue.clear();
    }

    // ---- reconciling lost answers ------------------------------------------------------------------------

    private void reconcile(TimelineState tl, Task task) {
        tl.busy = true;
        inFlight++;
        toFire.add(() -> {
            if (tl.timeline instanceof Timeline.PeerTimeline view) {
                deliver(gateway.queryPeerMessages(new QueryPeerMsgRequest(view.owner().value(), view.peer().value(),
                        RECONCILE_PAGE, 0, null)), o -> onReconciled(tl, task, o));
            } else {
                Timeline.GroupTimeline g = (Timeline.GroupTimeline) tl.timeline;
                deliver(gateway.queryGroupMessages(new QueryGroupMsgRequest(g.groupId().value(), RECONCILE_PAGE, 0, null)),
                        o -> onReconciled(tl, task, o));
            }
        });
    }

    private void onReconciled(TimelineState tl, Task task, Outcome<ZimGateway.MessagePage> outcome) {
        tl.busy = false;
        inFlight--;
        answered.add(tl.timeline instanceof Timeline.GroupTimeline ? Action.QUERY_GROUP_MSG : Action.QUERY_PEER_MSG);
        if (outcome instanceof Outcome.Done<ZimGateway.MessagePage> done) {
            QueriedMessage landed = findLanded(tl, task, done.value().messages());
            listener.onEvent(new MigrationEvent.Reconciled(tl.key, task.message().id(), landed != null));
            if (landed != null) {
                settleImported(tl, task, landed.msgSeq(), true);
            } else {
                tl.unresolved = null;
                schedule(tl);
            }
        } else if (outcome instanceof Outcome.Fatal<ZimGateway.MessagePage> f) {
            requestStop("ZIM answered " + (f.code() == null ? "" : f.code() + " ") + f.message());
        } else if (outcome instanceof Outcome.Rejected<ZimGateway.MessagePage> r) {
            requestStop("could not read back " + tl.timeline + " to check a message whose answer was lost (ZIM answered "
                    + r.code() + " " + r.message() + "); nothing was resent, run again to retry");
        } else {
            Long code = outcome instanceof Outcome.RetryLater<ZimGateway.MessagePage> l ? l.code() : null;
            retryLater(tl, task, code, "reading back " + tl.timeline + " failed; will try again");
        }
    }

    /**
     * The message we may have imported is among those ZIM stored after our last acknowledged one (a migration
     * timeline has no other writers), and has our sender, type and content.
     */
    private static QueriedMessage findLanded(TimelineState tl, Task task, List<QueriedMessage> newestFirst) {
        QueriedMessage match = null;
        for (QueriedMessage q : newestFirst) {
            if (q.msgSeq() <= tl.lastMsgSeq) {
                break;
            }
            if (ImportedMessageMatcher.matches(task.message(), q)) {
                match = q; // keep scanning: the oldest match after our last acknowledged one is ours
            }
        }
        return match;
    }

    // ---- timing and reporting ----------------------------------------------------------------------------

    private long nextWake() {
        long now = loop.nowMillis();
        long wake = now + 1000;
        for (Map.Entry<Action, PriorityQueue<TimelineState>> entry : ready.entrySet()) {
            boolean probeOut = !answered.contains(entry.getKey()) && probing.contains(entry.getKey());
            if (!entry.getValue().isEmpty() && inFlight < settings.maxInFlight() && !probeOut) {
                wake = Math.min(wake, pacers.get(entry.getKey()).nextSlot(now));
            }
        }
        if (!waiting.isEmpty()) {
            wake = Math.min(wake, waiting.peek().readyAt);
        }
        return Math.max(wake, now);
    }

    private void progress(boolean force) {
        long now = loop.nowMillis();
        if (!force && now - lastProgressAt < 1000) {
            return;
        }
        long settled = imported + rejected;
        double rate = now > lastProgressAt ? (settled - settledAtLastProgress) * 1000.0 / (now - lastProgressAt) : 0;
        long left = importCalls - settled - alreadyDone - notAttempted;
        long eta = rate > 0 ? (long) (left / rate * 1000) : -1;
        listener.onEvent(new MigrationEvent.Progress(settled + alreadyDone, importCalls, rate, eta));
        lastProgressAt = now;
        settledAtLastProgress = settled;
    }

    /** After a stop: everything still queued or unread is counted as not attempted (or already done). */
    private void countUnsent() {
        for (TimelineState tl : timelines.values()) {
            int left = tl.queue.size();
            tl.notAttempted += left;
            notAttempted += left;
            buffered -= left;
            tl.queue.clear();
        }
        while (reader.hasNext()) {
            Message m = MessageCodec.decode(reader.next());
            for (Timeline t : m.timelines()) {
                TimelineState tl = timeline(t);
                tl.calls++;
                if (tl.isSettled(Task.of(m, t).key())) {
                    tl.alreadyDone++;
                    alreadyDone++;
                } else {
                    tl.notAttempted++;
                    notAttempted++;
                }
            }
        }
    }

    private MigrationReport report(Plan plan) {
        Map<String, MigrationReport.TimelineReport> perTimeline = new HashMap<>();
        long skippedFound = 0;
        for (Map.Entry<String, Plan.TimelinePlan> e : plan.timelines().entrySet()) {
            TimelineState tl = timelines.get(e.getKey());
            long seen = tl == null ? 0 : tl.calls;
            // Every call of the plan was either decoded (counted in tl) or skipped as settled (counted here).
            long skipped = e.getValue().calls() - seen;
            skippedFound += skipped;
            perTimeline.put(e.getKey(), tl == null
                    ? new MigrationReport.TimelineReport(skipped, 0, 0, skipped, 0)
                    : new MigrationReport.TimelineReport(tl.calls + skipped, tl.imported, tl.rejected,
                            tl.alreadyDone + skipped, tl.notAttempted));
        }
        if (skippedFound != skippedCalls) {
            throw new IllegalStateException("internal error: the plan's timelines account for " + skippedFound
                    + " skipped calls, the run skipped " + skippedCalls + "; the journal is intact, run again");
        }
        return new MigrationReport(plan.recordsRead(), plan.validMessages(), plan.rejectedRecords(), importCalls,
                imported, rejected, alreadyDone, notAttempted, retries, throttled, unknown, reconciledLanded,
                stopping(), stopReason, perTimeline, loop.nowMillis() - startedAt);
    }
}
