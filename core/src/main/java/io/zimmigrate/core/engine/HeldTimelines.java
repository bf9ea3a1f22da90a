package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.SettledColumns;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.table.CompactLongs;
import io.zimmigrate.core.table.PagedLongs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far ZIM holds each timeline while a delta run compares exports ({@link DeltaRebase}): in the new plan's keys,
 * by the new plan's timeline number ({@link TimelineTable#numberOf}), in paged columns: 24 bytes per timeline
 * and no object, where a {@code HashMap<String, TaskKey>} took about 150 (its entry, the key's text, the key object;
 * issue 15: 800,000 one-to-one timelines ran a 256 MiB heap out). Beside the hold, ZIM's sequence of the last
 * message imported there (the journal's {@code msgSeq}): with it, the rebased journal is written from these columns
 * alone, and the earlier journal state (about 75 bytes per timeline) goes before the comparison's later passes.
 * A timeline the journal settles but the new export no longer has (a conversation deleted since) has no number:
 * those are kept by key in a map, as they are rare and the rebased journal must still say what ZIM holds there.
 * Not thread-safe.
 */
final class HeldTimelines {
    /** The ordinal of a hold known only by send time (the journal's own key, from the earlier plan). */
    static final long ANY_ORDINAL = -1;
    /** A send time no message has: ZIM holds nothing of this timeline yet. */
    private static final long NONE = Long.MIN_VALUE;

    private final TimelineTable next;
    private final PagedLongs time;
    private final CompactLongs ordinal;
    private final CompactLongs msgSeq;
    private final Map<String, Gone> notInNext = new LinkedHashMap<>();

    /** A held timeline the new export no longer has: how far ZIM holds it, and its last sequence there. */
    private record Gone(TaskKey to, long msgSeq) {}

    /** Receives each held timeline ({@link #forEach}). */
    @FunctionalInterface
    interface Visitor {
        void held(String key, TaskKey to, long msgSeq);
    }

    private HeldTimelines(TimelineTable next, PagedLongs time, CompactLongs ordinal, CompactLongs msgSeq) {
        this.next = next;
        this.time = time;
        this.ordinal = ordinal;
        this.msgSeq = msgSeq;
    }

    /**
     * Whatever the new export says, ZIM holds each timeline up to its last settled send time: the journal's
     * settled timelines, numbered in {@code next}, each held up to that time ({@link #ANY_ORDINAL}: an earlier
     * plan's ordinal means nothing in the new one), with ZIM's sequence of its last import. A state keyed by
     * {@code next} (what {@link DeltaRebase} replays) hands its columns over and must not be read after this;
     * another is copied from.
     */
    static HeldTimelines of(JournalState history, TimelineTable next) {
        if (history.keyedBy(next)) {
            return takenOver(history, next);
        }
        HeldTimelines held = new HeldTimelines(next, new PagedLongs(), new CompactLongs(), new CompactLongs());
        held.clear(0, next.size());
        history.timelines().forEach((key, p) -> {
            TaskKey last = p.lastSettled();
            if (last == null) {
                return;
            }
            int n = next.numberOf(key);
            if (n >= 0) {
                held.time.set(n, last.sendTime());
                held.ordinal.set(n, ANY_ORDINAL);
                held.msgSeq.set(n, p.lastMsgSeq());
            } else {
                held.notInNext.put(key, new Gone(new TaskKey(last.sendTime(), ANY_ORDINAL), p.lastMsgSeq()));
            }
        });
        return held;
    }

    /**
     * The state's own columns as the holds (issue 15: the users shape, 2 M timelines, had the state's columns and
     * these alive at once): its rows are {@code next}'s numbers; its text rows, timelines the new export lacks, go
     * to {@link #notInNext} and their places are cleared.
     */
    private static HeldTimelines takenOver(JournalState history, TimelineTable next) {
        SettledColumns c = SettledColumns.handOver(history, NONE);
        HeldTimelines held = new HeldTimelines(next, c.time(), c.ordinal(), c.msgSeq());
        for (int t = c.numbered(); t < c.rows(); t++) {
            if (c.time().get(t) != NONE) {
                held.notInNext.put(history.textRowKey(t),
                        new Gone(new TaskKey(c.time().get(t), ANY_ORDINAL), c.msgSeq().get(t)));
            }
        }
        int reached = Math.min(c.rows(), next.size());
        for (int t = 0; t < reached; t++) {
            held.ordinal.set(t, ANY_ORDINAL);
        }
        held.clear(reached, Math.max(c.rows(), next.size()));
        return held;
    }

    /** Makes rows {@code from} to {@code to} - 1 hold nothing, the columns reaching them. */
    private void clear(int from, int to) {
        if (to > 0) {
            time.reach(to - 1);
            ordinal.reach(to - 1);
            msgSeq.reach(to - 1);
        }
        for (int t = from; t < to; t++) {
            time.set(t, NONE);
            msgSeq.set(t, 0);
        }
    }

    /** ZIM holds timeline number {@code n} at least up to {@code key} (a message of the new export already there). */
    void extend(int n, long sendTime, long keyOrdinal) {
        long t = time.get(n);
        if (t == NONE || sendTime > t || sendTime == t && keyOrdinal > ordinal.get(n)) {
            time.set(n, sendTime);
            ordinal.set(n, keyOrdinal);
        }
    }

    /** How far ZIM holds timeline number {@code n}, in the new plan's keys; null if nothing yet. */
    TaskKey upTo(int n) {
        long t = time.get(n);
        return t == NONE ? null : new TaskKey(t, ordinal.get(n));
    }

    /** Bytes held, for docs/performance.md's per-timeline figure. */
    long bytes() {
        return time.bytes() + ordinal.bytes() + msgSeq.bytes();
    }

    /**
     * Gives the holds to {@code rebased}, an empty state keyed by the new plan (the rebased journal state): the new
     * plan's timelines as its columns, handed over, then the ones it no longer has as entries; these holds must
     * not be used after it. Another state gets every hold as an entry ({@link #forEach}).
     */
    void giveTo(JournalState rebased) {
        if (!rebased.keyedBy(next)) {
            forEach((key, to, seq) -> rebased.apply(new JournalEntry.Imported(key, to, seq)));
            return;
        }
        new SettledColumns(next.size(), next.size(), time, ordinal, msgSeq).adoptInto(rebased, NONE);
        notInNext.forEach((key, gone) -> rebased.apply(new JournalEntry.Imported(key, gone.to(), gone.msgSeq())));
    }

    /**
     * Every held timeline, as the rebased journal says it: the held timelines of the new plan in its order, then the
     * ones it no longer has. Each key and task key is made only when visited, so the rebased journal is built without
     * a second copy of every timeline.
     */
    void forEach(Visitor visitor) {
        for (int i = 0; i < next.size(); i++) {
            if (time.get(i) != NONE) {
                visitor.held(next.keyAt(i), upTo(i), msgSeq.get(i));
            }
        }
        notInNext.forEach((key, gone) -> visitor.held(key, gone.to(), gone.msgSeq()));
    }
}
