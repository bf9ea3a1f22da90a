package io.zimmigrate.core.journal;

import io.zimmigrate.core.table.CompactLongs;
import io.zimmigrate.core.table.PagedLongs;

/**
 * How far each timeline of a {@link JournalState} is settled, as its columns by row, handed over rather than copied
 * (issue 15): a delta's comparison takes the earlier state's columns as its held timelines once it has read that
 * state, and gives them to the rebased state at its end, so the users shape (2 M one-to-one timelines under
 * {@code -Xmx256m}) never holds two sets of per-timeline columns at once. {@code time} is {@code none} in a row not
 * settled; rows from {@code numbered} on are text rows ({@link JournalState#textRowKey}), timelines the state's
 * keys do not number.
 */
public record SettledColumns(int rows, int numbered, PagedLongs time, CompactLongs ordinal, CompactLongs msgSeq) {

    /**
     * Hands {@code state}'s settled columns over, with {@code none} as the time of a row not settled. Nothing is
     * copied; the state's timelines must not be read after it.
     */
    public static SettledColumns handOver(JournalState state, long none) {
        SettledRows s = state.settled;
        for (int t = 0; t < s.rows; t++) {
            if (!s.has(t, SettledRows.SETTLED)) {
                s.time.set(t, none);
            }
        }
        SettledColumns c = new SettledColumns(s.rows, state.timelineRows.numbered(), s.time, s.ordinal, s.msgSeq);
        s.time = null;
        s.ordinal = null;
        s.msgSeq = null;
        return c;
    }

    /**
     * Gives these columns to {@code empty}, a state with no timeline yet and the same keys (the rebased state of a
     * delta): a numbered row whose time is not {@code none} is settled up to ({@code time}, {@code ordinal}) with
     * ZIM's sequence {@code msgSeq}. Nothing is copied; these columns must not be used after it.
     */
    public void adoptInto(JournalState empty, long none) {
        SettledRows s = empty.settled;
        if (s.rows != 0 || numbered != empty.timelineRows.numbered() || rows > numbered) {
            throw new IllegalStateException("adopts numbered rows into an empty state of the same keys");
        }
        s.time = time;
        s.ordinal = ordinal;
        s.msgSeq = msgSeq;
        s.rows = rows;
        if (rows > 0) {
            s.flags.reach(rows - 1);
        }
        for (int t = 0; t < rows; t++) {
            if (time.get(t) != none) {
                s.flags.set(t, SettledRows.SETTLED | SettledRows.NAMED);
                s.named++;
            }
        }
    }
}
