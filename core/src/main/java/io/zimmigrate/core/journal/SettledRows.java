package io.zimmigrate.core.journal;

import io.zimmigrate.core.table.CompactLongs;
import io.zimmigrate.core.table.PagedFlags;
import io.zimmigrate.core.table.PagedLongs;

/**
 * How far each row of a {@link JournalState} is settled, in paged primitive columns: flags in 2 bits, the settled
 * send time, and ordinal and ZIM sequence as ints unless one does not fit (16.25 bytes a row, was 28: issue #13).
 * Package-private fields: {@link SettledColumns} hands the columns over to a delta's comparison and back (issue 15),
 * {@link DenseForm} reads and writes them a line of rows at a time.
 */
final class SettledRows {
    static final int SETTLED = 1;
    /** The journal names this row's timeline (a plan's row is in the columns before the journal names it). */
    static final int NAMED = 2;
    final PagedFlags flags = new PagedFlags();
    PagedLongs time = new PagedLongs();
    CompactLongs ordinal = new CompactLongs();
    CompactLongs msgSeq = new CompactLongs();
    /** Rows the columns reach; and how many of them the journal names. */
    int rows;
    int named;

    boolean has(int t, int flag) {
        return (flags.get(t) & flag) != 0;
    }

    /** Row {@code t}, the columns made to reach it and the journal naming it. */
    int reach(int t) {
        if (t >= rows) {
            flags.reach(t);
            time.reach(t);
            ordinal.reach(t);
            msgSeq.reach(t);
            rows = t + 1;
        }
        if (!has(t, NAMED)) {
            flags.set(t, flags.get(t) | NAMED);
            named++;
        }
        return t;
    }

    /** Row {@code t} settled up to ({@code sendTime}, {@code ordinal}) unless it is settled further already. */
    void settle(int t, long sendTime, long ordinalOfTask) {
        if (!has(t, SETTLED) || TaskKey.compare(sendTime, ordinalOfTask, time.get(t), ordinal.get(t)) > 0) {
            time.set(t, sendTime);
            ordinal.set(t, ordinalOfTask);
            flags.set(t, flags.get(t) | SETTLED);
        }
    }

    /** Whether row {@code t} is settled up to ({@code sendTime}, {@code ordinal}) or beyond. */
    boolean reaches(int t, long sendTime, long ordinalOfTask) {
        return has(t, SETTLED) && TaskKey.compare(sendTime, ordinalOfTask, time.get(t), ordinal.get(t)) <= 0;
    }

    TaskKey lastSettledAt(int t) {
        return has(t, SETTLED) ? new TaskKey(time.get(t), ordinal.get(t)) : null;
    }

    long bytes() {
        return flags.bytes() + time.bytes() + ordinal.bytes() + msgSeq.bytes();
    }
}
