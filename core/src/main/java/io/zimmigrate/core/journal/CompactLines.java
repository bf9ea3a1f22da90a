package io.zimmigrate.core.journal;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@link JournalState}'s compact form as a list whose lines are made when read, in order: the input line, the
 * earlier rejections, then the provisioned subjects and the timelines' settlements, then per timeline its late
 * messages still to append ({@code --late=append}) and its unsettled send: the late ones before the send, since
 * replaying a send of a late message needs it known as not settled. A compaction of 2 M timelines built every line
 * as a string at once (about 300 MB with the log's encoded copy, docs/performance.md); streamed, it holds one line at
 * a time.
 *
 * <p>Dense (journal format 4, {@link DenseForm}) when the state is keyed by a known plan: the provisioned subjects
 * {@value DenseForm#SUBJECTS_PER_LINE} to a line, a header, and the plan's timelines' settlements
 * {@value DenseForm#TIMELINES_PER_LINE} to a line, by number; timelines the plan does not number keep their own lines
 * (format 3, one each), as every line of a state not keyed by a plan does.
 *
 * <p>A view of the state as it is: read it before the state changes. Reading in order (iterator, or {@code get}
 * with rising indexes) costs one line per step; {@code get} going back starts again from the first line.
 */
final class CompactLines extends AbstractList<String> {
    private final JournalState state;
    /** The plan the dense lines are numbered by; null: every line of format 3. */
    private final JournalNumbering dense;
    /** Timeline rows below this are written dense. */
    private final int denseRows;
    /** Whether every user the plan numbers is provisioned: one line says so ({@link DenseForm#everyUser}), dense only. */
    private final boolean everyUser;
    private final int size;
    /** The cursor {@link #get} reads from, and the index of the line it gives next. */
    private Cursor cursor;
    private int cursorAt;

    CompactLines(JournalState state) {
        this.state = state;
        this.dense = state.denseNumbering();
        this.denseRows = dense == null ? 0 : state.timelineRows.numbered();
        this.everyUser = dense != null && state.provisioned.everyNumberedUser();
        long n = (inputLine() == null ? 0 : 1) + (state.rejectedTasks() > 0 ? 1 : 0)
                + state.pending.size() + state.lateToAppend.count();
        if (everyUser) {
            n += 2 + blocks(state.provisioned.textCount(), DenseForm.SUBJECTS_PER_LINE); // and the dense header
        } else {
            n += dense == null ? state.provisionedCount() : 1 + blocks(state.provisionedCount(), DenseForm.SUBJECTS_PER_LINE);
        }
        for (int t = 0; t < state.settled.rows; t++) {
            boolean settled = state.has(t, JournalState.SETTLED);
            if (t >= denseRows) {
                n += settled ? 1 : 0;
            } else if (settled) {
                n++; // the line of its block, counted once
                t = (t / DenseForm.TIMELINES_PER_LINE + 1) * DenseForm.TIMELINES_PER_LINE - 1;
            }
        }
        this.size = Math.toIntExact(n);
    }

    /**
     * The most lines the compact form of {@code state} can have, found without building them: the input line and
     * earlier rejections, the provisioned subjects (a line each, or a line per {@value DenseForm#SUBJECTS_PER_LINE}),
     * two per timeline (its settlement, or a line per {@value DenseForm#TIMELINES_PER_LINE} of a plan's,
     * and a pending send) and one per late message still to append.
     */
    static long atMost(JournalState state) {
        long late = state.lateToAppend.count();
        if (state.denseNumbering() == null) {
            return 2L + state.provisionedCount() + 2L * state.settled.named + late;
        }
        int numbered = state.timelineRows.numbered();
        long textRows = Math.max(0, state.settled.rows - numbered);
        return 3L + blocks(state.provisionedCount(), DenseForm.SUBJECTS_PER_LINE)
                + blocks(Math.min(numbered, state.settled.rows), DenseForm.TIMELINES_PER_LINE) + textRows
                + state.pending.size() + late;
    }

    private String inputLine() {
        return state.fingerprint() == null ? null : new JournalEntry.Input(state.fingerprint(), state.plannedAtMillis()).toLine();
    }

    private static long blocks(long n, int perLine) {
        return (n + perLine - 1) / perLine;
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
        // 0 input, 1 earlier rejections, 2 provisioned, 3 dense header, 4 dense timelines, 5 each timeline's own lines
        private int part;
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
                String line = switch (part) {
                    case 0 -> {
                        part = 1;
                        yield inputLine();
                    }
                    case 1 -> {
                        part = 2;
                        yield state.rejectedTasks() > 0 ? new JournalEntry.RejectedEarlier(state.rejectedTasks()).toLine() : null;
                    }
                    case 2 -> provisionedLine();
                    case 3 -> {
                        part = 4;
                        yield dense == null ? null : DenseForm.header(dense.fingerprint(), dense.keys(), denseRows);
                    }
                    case 4 -> {
                        int rows = Math.min(denseRows, state.settled.rows);
                        if (row >= rows) {
                            part = 5;
                            row = 0;
                            yield null;
                        }
                        int first = row;
                        row += DenseForm.TIMELINES_PER_LINE;
                        yield DenseForm.timelines(state, first, Math.min(DenseForm.TIMELINES_PER_LINE, rows - first));
                    }
                    default -> row >= state.settled.rows ? null : timelineLine();
                };
                if (line != null || part == 5 && row >= state.settled.rows) {
                    return line;
                }
            }
        }

        /**
         * Every subject as a line of its own, or {@value DenseForm#SUBJECTS_PER_LINE} to a line when dense; when every
         * user the plan numbers is provisioned, a line that says so first, then the subjects kept as text.
         */
        private String provisionedLine() {
            if (provisioned == null) {
                provisioned = everyUser ? state.provisioned.texts().iterator() : state.provisioned.iterator();
                if (everyUser) {
                    return DenseForm.everyUser(dense.fingerprint(), state.provisioned.numberedUsers());
                }
            }
            if (provisioned.hasNext()) {
                return dense != null ? DenseForm.subjects(provisioned) : new JournalEntry.Provisioned(provisioned.next()).toLine();
            }
            part = 3;
            return null;
        }

        /** The next line of the timeline in {@code row}, moving on to the next row after its last one. */
        private String timelineLine() {
            return switch (step) {
                case 0 -> {
                    step = 1;
                    late = state.lateToAppend.at(row).iterator();
                    yield row < denseRows ? null : settledLine(row);
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
