package io.zimmigrate.core.journal;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@link JournalState}'s compact form as a list whose lines are made when read, in order: the input line, the
 * earlier rejections, one line per provisioned subject, then per timeline (in the order of the state's rows: as the
 * journal first named them, or the plan's order when keyed by it) its last settlement, its late messages still to append ({@code --late=append}) and its unsettled send:
 * the late ones before the send, since replaying a send of a late message needs it known as not settled. A compaction of 2 M timelines built every line as a string at
 * once (about 300 MB with the log's encoded copy, docs/performance.md); streamed, it holds one line at a time.
 *
 * <p>A view of the state as it is: read it before the state changes. Reading in order (iterator, or {@code get}
 * with rising indexes) costs one line per step; {@code get} going back starts again from the first line.
 */
final class CompactLines extends AbstractList<String> {
    private final JournalState state;
    private final int size;
    /** The cursor {@link #get} reads from, and the index of the line it gives next. */
    private Cursor cursor;
    private int cursorAt;

    CompactLines(JournalState state) {
        this.state = state;
        long n = (state.inputLine() == null ? 0 : 1) + (state.rejectedTasks() > 0 ? 1 : 0)
                + state.provisionedCount() + state.pending.size() + state.lateToAppend.count();
        for (int t = 0; t < state.rowCount(); t++) {
            n += state.has(t, JournalState.SETTLED) ? 1 : 0;
        }
        this.size = Math.toIntExact(n);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        if (cursor == null || index < cursorAt) {
            cursor = new Cursor();
            cursorAt = 0;
        }
        while (cursorAt < index) {
            cursor.next();
            cursorAt++;
        }
        cursorAt++;
        return cursor.next();
    }

    @Override
    public Iterator<String> iterator() {
        return new Cursor();
    }

    /** Walks the parts in order; {@code next} is the line after the last one given. */
    private final class Cursor implements Iterator<String> {
        private int part; // 0 input, 1 earlier rejections, 2 provisioned, 3 timelines
        private int row;
        /** Within a timeline: 0 its settlement, 1 its late messages, 2 its unsettled send. */
        private int step;
        private Iterator<TaskKey> late;
        private Iterator<String> provisioned;
        private String next = advance();

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public String next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            String line = next;
            next = advance();
            return line;
        }

        private String advance() {
            while (true) {
                switch (part) {
                    case 0 -> {
                        part = 1;
                        String input = state.inputLine();
                        if (input != null) {
                            return input;
                        }
                    }
                    case 1 -> {
                        part = 2;
                        if (state.rejectedTasks() > 0) {
                            return new JournalEntry.RejectedEarlier(state.rejectedTasks()).toLine();
                        }
                    }
                    case 2 -> {
                        if (provisioned == null) {
                            provisioned = state.provisioned.iterator();
                        }
                        if (provisioned.hasNext()) {
                            return new JournalEntry.Provisioned(provisioned.next()).toLine();
                        }
                        part = 3;
                        row = 0;
                    }
                    default -> {
                        if (row >= state.rowCount()) {
                            return null;
                        }
                        String line = switch (step) {
                            case 0 -> {
                                step = 1;
                                late = state.lateToAppend.at(row).iterator();
                                yield settledLine(row);
                            }
                            case 1 -> {
                                if (late.hasNext()) {
                                    yield new JournalEntry.AppendLate(state.timelineKey(row), late.next()).toLine(number(row));
                                }
                                step = 2;
                                yield null;
                            }
                            default -> {
                                step = 0;
                                yield pendingLine(row++);
                            }
                        };
                        if (line != null) {
                            return line;
                        }
                    }
                }
            }
        }

        private String settledLine(int t) {
            if (!state.has(t, JournalState.SETTLED)) {
                return null;
            }
            TimelineProgress p = state.progressAt(t);
            // Settled tasks that were rejected keep their msgSeq context as an import of the last known sequence.
            return p.lastMsgSeq() > 0
                    ? new JournalEntry.Imported(state.timelineKey(t), p.lastSettled(), p.lastMsgSeq()).toLine(number(t))
                    : new JournalEntry.Rejected(state.timelineKey(t), p.lastSettled(), 0, JournalState.compactedRule()).toLine(number(t));
        }

        private String pendingLine(int t) {
            return state.pending.containsKey(t) ? new JournalEntry.Sending(state.timelineKey(t), state.progressAt(t).pendingSend()).toLine(number(t)) : null;
        }

        /** The plan's number of row {@code t} for its lines (journal format 3), or -1 for a text row. */
        private int number(int t) {
            return t < state.timelineRows.numbered() ? t : -1;
        }
    }
}
