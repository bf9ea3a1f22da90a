package io.zimmigrate.core.journal;

import io.zimmigrate.core.port.Journal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a journal says was done: which input it belongs to, how far each timeline got, which request may be
 * in flight, and what was provisioned. Built by replaying the log; only the last settlement per timeline is kept,
 * since a timeline is imported strictly in order. A run keeps applying its own entries to the same object (through
 * the engine's journal writer), so the state the engine reads, the state the log replays to and the state the
 * compactor writes are one and the same: the settlement rule ({@code settle}) exists only here.
 *
 * <p>Compact (issue #13): each timeline is a row ({@link TimelineRows}: the plan's number for it when the state is
 * keyed by a plan, else a text row), its progress in primitive columns by that row ({@link SettledRows}, about 16
 * bytes a row; a {@code HashMap} entry, key, progress object and task keys were about 170); provisioned subjects are
 * a bit per plan user or text. A {@link TimelineProgress} is a view of one row: one settlement state. Keyed by a known
 * plan ({@link JournalNumbering}), its compact form is dense (journal format 4, {@link DenseForm}).
 */
public final class JournalState {
    /** The rule of a compact line that only marks how far a timeline got; not a rejection of its own. */
    private static final String COMPACTED = "compacted";
    static final int SETTLED = SettledRows.SETTLED;
    private String fingerprint;
    private long plannedAtMillis;
    /** Tasks the log settles as rejected (ZIM's refusals and messages that left the retention window). */
    private long rejectedTasks;
    /** The row of each timeline: the plan's number for it, or a text row after the plan's (issue #13). */
    final TimelineRows timelineRows;
    /** How far each row is settled. */
    final SettledRows settled = new SettledRows();
    /** Sends not known to be settled, by row: a few (the requests in flight when a run stopped), so no columns. */
    final Map<Integer, TaskKey> pending = new HashMap<>(); // package-private for CompactLines, as the next two
    final ProvisionedSubjects provisioned;
    /** Late messages to import at the end of their timeline ({@code --late=append}), by row, until settled. */
    final LateToAppend lateToAppend = new LateToAppend();
    private long lines;
    private final JournalNumbering keyedBy; // the plan whose numbers the rows are; null: none
    private final LineReplay replay; // reads the log's lines into this state

    /** An empty state that keeps every key itself. */
    public JournalState() {
        this(JournalKeys.NONE);
    }

    /** An empty state whose rows follow {@code keys}' numbering (a plan's: {@code Plan.timelineTable()}). */
    public JournalState(JournalKeys keys) {
        this(keys, null, null);
    }

    /**
     * An empty state whose rows are {@code numbering}'s numbers, its compact form dense by them; a dense log compacted
     * under {@code writtenUnder} (null: none but {@code numbering}) is read through that plan's keys.
     */
    public JournalState(JournalNumbering numbering, JournalNumbering writtenUnder) {
        this(numbering.keys(), numbering, writtenUnder);
    }

    private JournalState(JournalKeys keys, JournalNumbering keyedBy, JournalNumbering writtenUnder) {
        this.timelineRows = new TimelineRows(keys);
        this.provisioned = new ProvisionedSubjects(keys);
        this.keyedBy = keyedBy;
        this.replay = new LineReplay(this, keyedBy, writtenUnder);
    }

    public static JournalState replay(Journal journal) {
        return replay(journal, JournalKeys.NONE);
    }

    /** The log's state, its rows keyed by {@code keys} (the plan the run imports: it keeps the keys already). */
    public static JournalState replay(Journal journal, JournalKeys keys) {
        return replayed(new JournalState(keys), journal);
    }

    /**
     * The log's state, its rows {@code numbering}'s numbers (the plan of the input the run imports), its dense lines
     * (format 4) read by number when compacted under that plan, or by key when under {@code writtenUnder} (null:
     * none other: the earlier plan of a delta, whose journal this is).
     */
    public static JournalState replay(Journal journal, JournalNumbering numbering, JournalNumbering writtenUnder) {
        return replayed(new JournalState(numbering, writtenUnder), journal);
    }

    private static JournalState replayed(JournalState state, Journal journal) {
        journal.replay(state::applyLine);
        return state;
    }

    /**
     * Applies a line of the log (one replay skips: torn, or not ours), by the plan's number it gives when right.
     *
     * @throws IllegalStateException for a dense line this state cannot place ({@link DenseForm.Reader#apply})
     */
    public void applyLine(String line) {
        replay.apply(line);
    }

    public void apply(JournalEntry entry) {
        apply(entry, -1);
    }

    /**
     * Applies {@code entry}, whose line gave its timeline the plan's {@code number} (-1: none): the row is that
     * number when the plan this state is keyed by numbers the entry's key so, else the key's (the key is the truth).
     * Returns the plan's number of the timeline the entry names, for its line (-1: none, or a text row).
     */
    public int apply(JournalEntry entry, int number) {
        lines++;
        int t = -1;
        if (entry instanceof JournalEntry.Input in) {
            fingerprint = in.fingerprint();
            plannedAtMillis = in.plannedAtMillis();
        } else if (entry instanceof JournalEntry.RejectedEarlier e) {
            rejectedTasks += e.count();
        } else if (entry instanceof JournalEntry.Provisioned p) {
            provisioned.add(p.subject());
        } else if (entry instanceof JournalEntry.AppendLate a) {
            t = row(a.timeline(), number);
            lateToAppend.add(t, a.task());
        } else if (entry instanceof JournalEntry.Sending s) {
            t = sending(row(s.timeline(), number), s.task());
        } else if (entry instanceof JournalEntry.Imported i) {
            t = imported(row(i.timeline(), number), i.task(), i.msgSeq());
        } else if (entry instanceof JournalEntry.Rejected r) {
            t = row(r.timeline(), number);
            settle(t, r.task());
            if (!COMPACTED.equals(r.rule())) {
                rejectedTasks++;
            }
        }
        return t < timelineRows.numbered() ? t : -1;
    }

    /** A line the log holds (one {@link #apply} does not see: a dense line, or a send or import read in place). */
    void countLine() {
        lines++;
    }

    /** A request for {@code task} of row {@code t} may have left: pending unless the row is settled that far. */
    int sending(int t, TaskKey task) {
        if (!settles(t, task.sendTime(), task.ordinal())) {
            pending.put(t, task);
        }
        return t;
    }

    /** ZIM acknowledged {@code task} of row {@code t} at {@code msgSeq} (the row's number, as {@link #sending}). */
    int imported(int t, TaskKey task, long msgSeq) {
        settle(t, task);
        settled.msgSeq.set(t, msgSeq);
        return t;
    }

    private void settle(int t, TaskKey task) {
        settled.settle(t, task.sendTime(), task.ordinal());
        lateToAppend.settle(t, task);
        TaskKey sent = pending.isEmpty() ? null : pending.get(t);
        if (sent != null && !sent.isAfter(task)) {
            pending.remove(t);
        }
    }

    /** Row {@code t} settled by a dense line up to ({@code sendTime}, {@code ordinal}) at ZIM's {@code seq} (0: rejected). */
    void settleDense(int t, long sendTime, long ordinal, long seq) {
        settled.reach(t);
        if (pending.isEmpty() && lateToAppend.count() == 0) {
            settled.settle(t, sendTime, ordinal); // the compact form's first lines: nothing in flight or late yet
        } else {
            settle(t, new TaskKey(sendTime, ordinal));
        }
        if (seq != 0) {
            settled.msgSeq.set(t, seq);
        }
    }

    /** Whether the journal settles the task ({@code sendTime}, {@code ordinal}) of row {@code t}. */
    boolean settles(int t, long sendTime, long ordinal) {
        return settled.reaches(t, sendTime, ordinal) && !lateToAppend.contains(t, sendTime, ordinal);
    }

    boolean has(int t, int flag) {
        return settled.has(t, flag);
    }

    /** The row of {@code timeline} ({@code number}: the plan's number its line gave, checked), made (empty) when new. */
    int row(String timeline, int number) {
        return settled.reach(timelineRows.rowOf(timeline, number));
    }

    /** The row of {@code timeline} if the journal names it, else -1. */
    private int existingRow(String timeline) {
        int n = timelineRows.knownRow(timeline);
        return n >= 0 && n < settled.rows && has(n, SettledRows.NAMED) ? n : -1;
    }

    /** Starts a carried-over state ({@link JournalCarryOver}): the new input's line and the earlier rejections. */
    void begin(String fingerprint, long plannedAtMillis, long rejectedTasks) {
        this.fingerprint = fingerprint;
        this.plannedAtMillis = plannedAtMillis;
        this.rejectedTasks = rejectedTasks;
    }

    /** Whether this state's rows are {@code keys}' numbers (it was made with them, and they have not grown since). */
    public boolean keyedBy(JournalKeys keys) {
        return timelineRows.keyedBy(keys);
    }

    /** The key of text row {@code row} (from {@link SettledColumns#numbered()} on): a timeline the keys lack. */
    public String textRowKey(int row) {
        return timelineRows.keyAt(row);
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** The instant the journal's input was planned at (0 if the log does not say); every run plans at it. */
    public long plannedAtMillis() {
        return plannedAtMillis;
    }

    /** How many tasks the log settles as rejected, in every run so far. */
    public long rejectedTasks() {
        return rejectedTasks;
    }

    /** The progress of the timeline keyed {@code key}, or null if the journal has nothing on it. */
    public TimelineProgress timeline(String key) {
        int t = existingRow(key);
        return t < 0 ? null : new TimelineProgress(this, t);
    }

    /**
     * The progress of timeline {@code number} of {@code keys}, or null if the journal has nothing on it: the row itself
     * when this state is keyed by {@code keys} (no key made and looked up again, issue #13), else by its key.
     */
    public TimelineProgress timeline(JournalKeys keys, int number) {
        if (number < 0) {
            return null;
        }
        if (!timelineRows.keyedBy(keys)) {
            return timeline(keys.timelineKey(number));
        }
        return number < settled.rows && has(number, SettledRows.NAMED) ? new TimelineProgress(this, number) : null;
    }

    /**
     * The progress of a timeline, its row made empty if the journal has nothing on it yet. The engine reads this
     * view while the journal writer applies each entry to the same row: one settlement state, nothing to keep in step.
     */
    public TimelineProgress progressOf(String key) {
        return new TimelineProgress(this, row(key, -1));
    }

    /** Every timeline's progress, by key: a read-only view (in the order the journal first named them). */
    public Map<String, TimelineProgress> timelines() {
        return new TimelinesView(this);
    }

    boolean namesTimeline(String key) {
        return existingRow(key) >= 0;
    }

    public boolean isProvisioned(String subject) {
        return provisioned.contains(subject);
    }

    /**
     * Whether the log says every user {@code keys} numbers was provisioned, known from the bits alone (no user's ID made
     * or looked up): a resume's provisioning then looks at none of them (journal format 5, P6).
     */
    public boolean provisionedEveryUserOf(JournalKeys keys) {
        return provisioned.numberedBy(keys) && provisioned.everyNumberedUser()
                && provisioned.numberedUsers() == keys.userCount();
    }

    /** How many users and groups the log says were provisioned. */
    public int provisionedCount() {
        return provisioned.size();
    }

    /**
     * The most lines {@link #compacted()} can have, found without building them: the input line, one per
     * provisioned subject, two per timeline (its last settlement and a pending send) and one per late message still
     * to append.
     */
    public long compactedLinesAtMost() {
        return CompactLines.atMost(this);
    }

    /** The plan whose numbers this state's compact form is dense by; null when it is not dense (not keyed by one). */
    JournalNumbering denseNumbering() {
        return keyedBy != null && timelineRows.numbered() > 0 ? keyedBy : null;
    }

    /** Whether {@link #compactForm()} is dense (format 4): a log then allows more lines after it ({@link JournalCompaction}). */
    public boolean compactsDense() {
        return denseNumbering() != null;
    }

    /** How many entries the log holds; compared with {@link #compacted()} to decide whether to rewrite it. */
    public long lineCount() {
        return lines;
    }

    /** Bytes held by the timelines' and subjects' tables, for docs/performance.md's per-entry figures. */
    public long bytes() {
        return timelineRows.bytes() + settled.bytes() + provisioned.bytes();
    }

    /** The shortest log that replays to this same state, built as strings (a copy of {@link #compactForm()}). */
    public List<String> compacted() {
        return new ArrayList<>(compactForm());
    }

    /**
     * The same lines as {@link #compacted()}, made one at a time as they are read: what a compaction streams to the
     * new log, so that rewriting the journal of millions of timelines holds a line, not all of them (issue #13). A
     * view of this state: read it before the state changes.
     */
    public List<String> compactForm() {
        return new CompactLines(this);
    }

    // ---- rows, for TimelineProgress and CompactLines -------------------------------------------------------

    TaskKey pendingSendAt(int row) {
        return pending.get(row);
    }

    TaskKey firstLateAt(int row) {
        return lateToAppend.first(row);
    }

    String timelineKey(int row) {
        return timelineRows.keyAt(row);
    }

    TimelineProgress progressAt(int row) {
        return new TimelineProgress(this, row);
    }

    static String compactedRule() {
        return COMPACTED;
    }
}
