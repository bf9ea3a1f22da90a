package io.zimmigrate.core.journal;

import io.zimmigrate.core.table.IdTable;

/**
 * Which row of a {@link JournalState} holds a timeline: the number its {@link JournalKeys} (the plan) gave it, so the
 * key is held once, in the plan (issue #13); a timeline those keys do not number (a delta's earlier export) gets a
 * row after theirs, its key kept here as text.
 */
final class TimelineRows {
    private final JournalKeys keys;
    /** Rows 0 to this - 1 are the keys' numbers, as they stood when the state began (numbers made later clash). */
    private final int numbered;
    /** Keys {@code keys} does not number: row {@code numbered + i} is the timeline {@code others.get(i)}. */
    private final IdTable others = new IdTable();

    TimelineRows(JournalKeys keys) {
        this.keys = keys;
        this.numbered = keys.timelineCount();
    }

    /**
     * The row of {@code timeline}, a text row made for it when the keys do not number it. {@code hint}: the number a
     * journal line gave it (-1: none), taken when the keys number {@code timeline} so (checked without resolving
     * the key's text); a stale one (a rebased, grown or renumbered plan) is passed over and the key resolved.
     */
    int rowOf(String timeline, int hint) {
        if (hint >= 0 && hint < numbered && keys.isKeyOf(hint, timeline)) {
            return hint;
        }
        int n = keyedNumber(timeline);
        return n >= 0 ? n : numbered + others.add(timeline);
    }

    /** The row of {@code timeline} if it has one (numbered, or given a text row before), else -1. */
    int knownRow(String timeline) {
        int n = keyedNumber(timeline);
        if (n < 0) {
            int other = others.indexOf(timeline);
            n = other < 0 ? -1 : numbered + other;
        }
        return n;
    }

    /** The key of the timeline in {@code row}. */
    String keyAt(int row) {
        return row < numbered ? keys.timelineKey(row) : others.get(row - numbered);
    }

    boolean keyedBy(JournalKeys other) {
        return keys == other && numbered == other.timelineCount();
    }

    /** Rows below this are the keys' numbers; text rows come after. */
    int numbered() {
        return numbered;
    }

    /** Bytes held here (the text rows' keys; the numbered keys are the plan's). */
    long bytes() {
        return others.bytes();
    }

    private int keyedNumber(String timeline) {
        if (numbered == 0) {
            return -1;
        }
        int n = keys.timelineNumber(timeline);
        return n < numbered ? n : -1;
    }
}
