package io.zimmigrate.core.journal;

import io.zimmigrate.core.table.CompactLongs;
import io.zimmigrate.core.table.PagedFlags;
import io.zimmigrate.core.table.PagedLongs;
import io.zimmigrate.core.port.Journal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a journal says was done: which input it belongs to, how far each timeline got, which request may be
 * in flight, and what was provisioned. Built by replaying the log; only the last settlement per timeline is kept,
 * since a timeline is imported strictly in order. A run keeps applying its own entries to the same object (through
 * the engine's journal writer), so the state the engine reads, the state the log replays to and the state the
 * compactor writes are one and the same: the settlement rule ({@code settle}) exists only here.
 *
 * <p>Compact (issue #13): each timeline is a row ({@link TimelineRows}: the plan's number for it when the state is
 * keyed by a plan, {@link #replay(Journal, JournalKeys)}, else a text row) and its progress lives in paged primitive
 * columns by that row, about 16 bytes per timeline keyed by a plan (63 with its key as text; a {@code HashMap}
 * entry, key string, progress object and task keys were about 170); provisioned subjects are a bit per plan user or
 * text. A {@link TimelineProgress} is a view of one row: every view of a timeline reads the same columns, so there
 * is still one settlement state.
 */
public final class JournalState {
    /** The rule of a compact line that only marks how far a timeline got; not a rejection of its own. */
    private static final String COMPACTED = "compacted";
    static final int SETTLED = 1;
    /** The journal names this row's timeline (a plan's row is in the columns before the journal names it). */
    static final int NAMED = 2;
    private String fingerprint;
    private long plannedAtMillis;
    /** Tasks the log settles as rejected (ZIM's refusals and messages that left the retention window). */
    private long rejectedTasks;
    /** The row of each timeline: the plan's number for it, or a text row after the plan's (issue #13). */
    final TimelineRows timelineRows;
    /** Rows the columns reach; and how many of them the journal names. */
    int rows;
    int named;
    // Package-private for SettledColumns, which hands them over to a delta's comparison and back (issue 15).
    // Flags in 2 bits, ordinal and ZIM sequence as ints unless one does not fit: 16.25 bytes a row, was 28 (issue #13).
    final PagedFlags flags = new PagedFlags();
    PagedLongs settledTime = new PagedLongs();
    CompactLongs settledOrdinal = new CompactLongs();
    CompactLongs msgSeq = new CompactLongs();
    /**
     * Sends not known to be settled, by row: a few at any time (at most the requests in flight when a run stopped),
     * so a map rather than two more columns for every timeline.
     */
    final Map<Integer, TaskKey> pending = new HashMap<>(); // package-private for CompactLines, as the next two
    final ProvisionedSubjects provisioned;
    /** Late messages to import at the end of their timeline ({@code --late=append}), by row, until settled. */
    final LateToAppend lateToAppend = new LateToAppend();
    private long lines;
    /** The plan's number the line {@link #applyLine} reads gives its timeline. */
    private final int[] lineNumber = {-1};

    /** An empty state that keeps every key itself. */
    public JournalState() {
        this(JournalKeys.NONE);
    }

    /** An empty state whose rows follow {@code keys}' numbering (a plan's: {@code Plan.timelineTable()}). */
    public JournalState(JournalKeys keys) {
        this.timelineRows = new TimelineRows(keys);
        this.provisioned = new ProvisionedSubjects(keys);
    }

    public static JournalState replay(Journal journal) {
        return replay(journal, JournalKeys.NONE);
    }

    /** The log's state, its rows keyed by {@code keys} (the plan the run imports: it keeps the keys already). */
    public static JournalState replay(Journal journal, JournalKeys keys) {
        JournalState state = new JournalState(keys);
        journal.replay(state::applyLine);
        return state;
    }

    /** Applies a line of the log (one replay skips: torn, or not ours), by the plan's number it gives when right. */
    public void applyLine(String line) {
        JournalEntry entry = JournalEntry.parse(line, lineNumber);
        if (entry != null) {
            apply(entry, lineNumber[0]);
        }
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
            t = row(s.timeline(), number);
            if (!settles(t, s.task().sendTime(), s.task().ordinal())) {
                pending.put(t, s.task());
            }
        } else if (entry instanceof JournalEntry.Imported i) {
            t = row(i.timeline(), number);
            settle(t, i.task());
            msgSeq.set(t, i.msgSeq());
        } else if (entry instanceof JournalEntry.Rejected r) {
            t = row(r.timeline(), number);
            settle(t, r.task());
            if (!COMPACTED.equals(r.rule())) {
                rejectedTasks++;
            }
        }
        return t < timelineRows.numbered() ? t : -1;
    }

    private void settle(int t, TaskKey task) {
        if (!has(t, SETTLED) || TaskKey.compare(task.sendTime(), task.ordinal(), settledTime.get(t), settledOrdinal.get(t)) > 0) {
            settledTime.set(t, task.sendTime());
            settledOrdinal.set(t, task.ordinal());
            flags.set(t, flags.get(t) | SETTLED);
        }
        lateToAppend.settle(t, task);
        TaskKey sent = pending.isEmpty() ? null : pending.get(t);
        if (sent != null && !sent.isAfter(task)) {
            pending.remove(t);
        }
    }

    /** Whether the journal settles the task ({@code sendTime}, {@code ordinal}) of row {@code t}. */
    boolean settles(int t, long sendTime, long ordinal) {
        return has(t, SETTLED) && TaskKey.compare(sendTime, ordinal, settledTime.get(t), settledOrdinal.get(t)) <= 0
                && !lateToAppend.contains(t, sendTime, ordinal);
    }

    boolean has(int t, int flag) {
        return (flags.get(t) & flag) != 0;
    }

    /** The row of {@code timeline} ({@code number}: the plan's number its line gave, checked), made (empty) when new. */
    private int row(String timeline, int number) {
        int t = timelineRows.rowOf(timeline, number);
        if (t >= rows) {
            flags.reach(t);
            settledTime.reach(t);
            settledOrdinal.reach(t);
            msgSeq.reach(t);
            rows = t + 1;
        }
        if (!has(t, NAMED)) {
            flags.set(t, flags.get(t) | NAMED);
            named++;
        }
        return t;
    }

    /** The row of {@code timeline} if the journal names it, else -1. */
    private int existingRow(String timeline) {
        int n = timelineRows.knownRow(timeline);
        return n >= 0 && n < rows && has(n, NAMED) ? n : -1;
    }

    /**
     * What a delta run carries over from {@code previous} besides its timelines (issue 15): an empty state of the new
     * input ({@code fingerprint}, planned at {@code plannedAtMillis}, its rows keyed by {@code keys}: the new plan's)
     * with the same provisioning and earlier rejections; the delta's comparison then applies each timeline's hold.
     */
    public static JournalState carriedOver(JournalState previous, String fingerprint, long plannedAtMillis,
                                           JournalKeys keys) {
        JournalState s = new JournalState(keys);
        s.fingerprint = fingerprint;
        s.plannedAtMillis = plannedAtMillis;
        s.rejectedTasks = previous.rejectedTasks;
        previous.provisioned.forEach(s.provisioned::add);
        return s;
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
        return number < rows && has(number, NAMED) ? new TimelineProgress(this, number) : null;
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
     * The provisioned subjects other than the users the keys number: groups and their members' progress
     * ({@code group:ID}, {@code members:N:ID}), and users new to the keys.
     */
    public Iterable<String> provisionedTexts() {
        return provisioned.texts();
    }

    /**
     * Forgets provisioned subjects that are kept as text and that {@code drop} matches: a group's record that a new
     * plan's order of members cannot use (a delta's or a growth's, before its rewrite).
     */
    public void forgetProvisioned(Predicate<String> drop) {
        provisioned.forgetTexts(drop);
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
        return 2L + provisioned.size() + 2L * named + lateToAppend.count();
    }

    /** How many entries the log holds; compared with {@link #compacted()} to decide whether to rewrite it. */
    public long lineCount() {
        return lines;
    }

    /** Bytes held by the timelines' and subjects' tables, for docs/performance.md's per-entry figures. */
    public long bytes() {
        return timelineRows.bytes() + flags.bytes() + settledTime.bytes() + settledOrdinal.bytes() + msgSeq.bytes()
                + provisioned.bytes();
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

    TaskKey lastSettledAt(int row) {
        return has(row, SETTLED) ? new TaskKey(settledTime.get(row), settledOrdinal.get(row)) : null;
    }

    long msgSeqAt(int row) {
        return msgSeq.get(row);
    }

    TaskKey pendingSendAt(int row) {
        return pending.get(row);
    }

    TaskKey firstLateAt(int row) {
        return lateToAppend.first(row);
    }

    String inputLine() {
        return fingerprint == null ? null : new JournalEntry.Input(fingerprint, plannedAtMillis).toLine();
    }

    /** How many timelines the journal names. */
    int timelineCount() {
        return named;
    }

    /** Rows 0 to this - 1 may name a timeline ({@link #namedAt}); the others name none. */
    int rowCount() {
        return rows;
    }

    boolean namedAt(int row) {
        return has(row, NAMED);
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
