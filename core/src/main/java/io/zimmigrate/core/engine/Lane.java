package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.TimelineProgress;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.wire.Action;
import java.util.ArrayDeque;

/**
 * One timeline's lane: its queue of tasks in order, its one request in flight, how far it got and its counts.
 * ZIM orders a timeline by arrival, so a lane never has more than one request out. Engine thread only.
 *
 * <p>Every change of the queue goes through a method here, so the lane's counts and the shared {@link Backlog}
 * always agree with what the queue holds.
 */
final class Lane implements Dispatcher.Work {
    final Timeline timeline;
    final String key;
    final Action importAction;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private final Backlog backlog;
    private final Workload workload;
    private final TimelineProgress progress;
    /** The timeline's import calls in the plan: with the counts, how long its chain still is. */
    private final long planned;
    private long sentAt;

    /** A task whose request may have landed without us knowing; reconciled before it is sent again. */
    private TaskKey unresolved;
    /**
     * Until when ZIM may still apply {@link #unresolved}'s request (it left, plus the landing horizon), or
     * {@link #LANDS_BY_UNKNOWN} for a send a crashed run left in the journal, whose departure nobody knows.
     */
    private long landsBy = LANDS_BY_UNKNOWN;
    static final long LANDS_BY_UNKNOWN = Long.MIN_VALUE;
    private boolean busy;
    private boolean stopped;
    private long readyAt;
    private int failures;

    /** The timeline's counts live in the run's columns (they outlive the lane): its number there. */
    private final TimelineCounts counts;
    final int number;

    /**
     * {@code progress} is the journal state's own object for this timeline: the one settlement state; the lane's
     * counts are row {@code number} of {@code counts}.
     */
    Lane(Timeline timeline, TimelineProgress progress, Backlog backlog, Workload workload, long planned,
         TimelineCounts counts, int number) {
        this.timeline = timeline;
        this.counts = counts;
        this.number = number;
        this.key = timeline.key();
        this.importAction = importAction(timeline);
        this.backlog = backlog;
        this.workload = workload;
        this.planned = planned;
        this.progress = progress;
        this.unresolved = progress.pendingSend();
    }

    static Action importAction(Timeline t) {
        return t instanceof Timeline.GroupTimeline ? Action.IMPORT_GROUP_MSG : Action.IMPORT_PEER_MSG;
    }

    static Action queryAction(Timeline t) {
        return t instanceof Timeline.GroupTimeline ? Action.QUERY_GROUP_MSG : Action.QUERY_PEER_MSG;
    }

    // ---- taking tasks in ---------------------------------------------------------------------------------

    /** A task of the plan reached this lane: queued, or counted as already done or as not attempted. */
    void offer(Task task) {
        counts.sawCall(number);
        if (progress.isSettled(task.key())) {
            counts.addAlreadyDone(number);
            workload.done(importAction, 1);
        } else if (stopped) {
            counts.addNotAttempted(number, 1);
            workload.done(importAction, 1);
        } else {
            queue.add(task);
            backlog.add(1);
        }
    }

    /** A task the run did not get to (it stopped): counted, never queued. */
    void countUnreached(Task task) {
        counts.unreached(number, progress.isSettled(task.key()));
        workload.done(importAction, 1);
    }

    /** The run stops: everything still queued is not attempted. */
    void abandonQueued() {
        counts.addNotAttempted(number, queue.size());
        workload.done(importAction, queue.size());
        backlog.add(-queue.size());
        queue.clear();
    }

    // ---- what the dispatcher asks ------------------------------------------------------------------------

    @Override
    public boolean hasWork() {
        return !busy && !stopped && !queue.isEmpty();
    }

    @Override
    public long readyAt() {
        return readyAt;
    }

    @Override
    public Action nextAction() {
        return needsReconcile() ? queryAction(timeline) : importAction;
    }

    /**
     * Calls of this timeline still to settle (its chain): the plan's calls less those settled or counted here. Calls
     * a resume skipped without decoding still count, an overstatement the schedule can live with.
     */
    long remaining() {
        return Math.max(0, planned - counts.counted(number));
    }

    /**
     * Nothing queued, nothing in flight, nothing to reconcile, not stopped: the lane holds no state its counts and
     * the journal's progress do not, so the run may let it go and make a new one when the timeline's next task comes.
     */
    boolean idle() {
        return queue.isEmpty() && !busy && !stopped && unresolved == null;
    }

    Task head() {
        return queue.peek();
    }

    /** The head goes out as {@code message} instead (a {@link SendGate} changed it); same task, same key. */
    void sendHeadAs(io.zimmigrate.core.model.Message message) {
        Task head = queue.poll();
        queue.addFirst(new Task(message, head.timeline(), head.key()));
    }

    /** The head must be reconciled (read back) before it may be sent. */
    boolean needsReconcile() {
        Task head = queue.peek();
        return head != null && unresolved != null && head.key().equals(unresolved);
    }

    /** ZIM's sequence of the last message of ours this timeline holds; later ones are candidates for a lost answer. */
    long lastMsgSeq() {
        return progress.lastMsgSeq();
    }

    // ---- its request -------------------------------------------------------------------------------------

    void requestLeft(long now) {
        busy = true;
        sentAt = now;
    }

    /** When its request in flight left (for the measured round trip). */
    long sentAt() {
        return sentAt;
    }

    void answered() {
        busy = false;
    }

    /**
     * The head is settled (imported or refused): the journal entry saying so has been applied to the progress
     * object, so the lane only lets the task go.
     */
    Task settledHead(boolean wasImported) {
        Task task = queue.poll();
        backlog.add(-1);
        workload.done(importAction, 1);
        if (unresolved != null && progress.isSettled(unresolved)) {
            unresolved = null;
            landsBy = LANDS_BY_UNKNOWN;
        }
        failures = 0;
        if (wasImported) {
            counts.addImported(number);
        } else {
            counts.addRejected(number);
        }
        return task;
    }

    /**
     * ZIM refused the head and the timeline stops here: the refused message stays unjournaled, so a later run
     * retries it; the rest is not attempted.
     */
    void stop() {
        stopped = true;
        counts.addRejected(number);
        queue.poll();
        backlog.add(-1);
        workload.done(importAction, 1);
        abandonQueued();
    }

    /**
     * The head's answer was lost: read the timeline back at {@code when} before sending it again; ZIM may still apply
     * the lost request until {@code landsBy}.
     */
    void answerLost(long when, long landsBy) {
        unresolved = queue.peek().key();
        readyAt = when;
        this.landsBy = landsBy;
    }

    /** Until when ZIM may still apply the head's lost request; {@link #LANDS_BY_UNKNOWN} if nobody knows. */
    long landsBy() {
        return landsBy;
    }

    /** A read-back did not find the head, but ZIM may still apply it: read back again at {@code at}, not sooner. */
    void readBackAgainAt(long at) {
        landsBy = at;
        readyAt = at;
    }

    /** Reading back showed the head did not land: it may be sent again. */
    void notLanded() {
        unresolved = null;
        landsBy = LANDS_BY_UNKNOWN;
    }

    /** How many times in a row the head failed without being settled. */
    int failures() {
        return failures;
    }

    /** Not done, not sent: try again at {@code until}. */
    void failedAgain(long until) {
        readyAt = until;
        failures++;
    }
}
