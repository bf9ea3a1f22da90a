package io.zimmigrate.core.journal;

/**
 * One timeline's progress in a {@link JournalState}, a view of its row: the last settled task (and its ZIM sequence
 * if imported), an unsettled send, and late messages still to append. Reads the state's columns each time, so it
 * always shows what the journal has applied: every view of a timeline reads the same row, one settlement state.
 */
public final class TimelineProgress {
    private final JournalState state;
    private final int row;

    TimelineProgress(JournalState state, int row) {
        this.state = state;
        this.row = row;
    }

    public TaskKey lastSettled() {
        return state.settled.lastSettledAt(row);
    }

    /** ZIM's sequence of the last message imported into this timeline, 0 if none yet. */
    public long lastMsgSeq() {
        return state.settled.msgSeq.get(row);
    }

    /** A task whose request may have reached ZIM without an answer being recorded; null if none. */
    public TaskKey pendingSend() {
        return state.pendingSendAt(row);
    }

    /**
     * Its send read back before anything else was sent and found not to have landed (a growth, issue 15): no longer
     * in flight, so it is sent in its turn like any unsettled task.
     */
    public void noLongerInFlight() {
        state.pending.remove(row);
    }

    public boolean isSettled(TaskKey task) {
        return state.settles(row, task.sendTime(), task.ordinal());
    }

    /** The first late message still to append at the end of this timeline ({@code --late=append}); null if none. */
    public TaskKey firstLateToAppend() {
        return state.firstLateAt(row);
    }
}
