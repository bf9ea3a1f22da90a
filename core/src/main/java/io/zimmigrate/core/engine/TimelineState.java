package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.wire.Action;
import java.util.ArrayDeque;

/** The engine's view of one timeline: what waits, what is in flight, how far it got. Engine thread only. */
final class TimelineState {
    final Timeline timeline;
    final String key;
    final Action importAction;
    final ArrayDeque<Task> queue = new ArrayDeque<>();

    TaskKey lastSettled;
    long lastMsgSeq;
    /** A task whose request may have landed without us knowing; reconciled before it is sent again. */
    TaskKey unresolved;

    boolean busy;
    boolean scheduled;
    boolean stopped;
    long readyAt;
    int failures;
    int resigns;

    long calls;
    long imported;
    long rejected;
    long alreadyDone;
    long notAttempted;

    TimelineState(Timeline timeline, JournalState.TimelineProgress progress) {
        this.timeline = timeline;
        this.key = timeline.key();
        this.importAction = ImportRequests.actionOf(timeline);
        if (progress != null) {
            lastSettled = progress.lastSettled();
            lastMsgSeq = progress.lastMsgSeq();
            unresolved = progress.pendingSend();
        }
    }

    boolean isSettled(TaskKey task) {
        return lastSettled != null && task.compareTo(lastSettled) <= 0;
    }

    Task head() {
        return queue.peek();
    }

    /** The head must be reconciled (queried) before it may be sent. */
    boolean needsReconcile() {
        Task head = queue.peek();
        return head != null && unresolved != null && head.key().equals(unresolved);
    }

    Action nextAction() {
        if (!needsReconcile()) {
            return importAction;
        }
        return timeline instanceof Timeline.GroupTimeline ? Action.QUERY_GROUP_MSG : Action.QUERY_PEER_MSG;
    }

    void settled(TaskKey task) {
        if (lastSettled == null || task.isAfter(lastSettled)) {
            lastSettled = task;
        }
        if (unresolved != null && !unresolved.isAfter(task)) {
            unresolved = null;
        }
    }
}
