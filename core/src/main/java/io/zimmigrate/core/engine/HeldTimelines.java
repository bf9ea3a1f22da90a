package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.table.PagedLongs;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * How far ZIM holds each timeline while a delta run compares exports ({@link DeltaRebase}): in the new plan's keys,
 * by the new plan's timeline number ({@link TimelineTable#numberOf}), in two paged columns: 16 bytes per timeline
 * and no object, where a {@code HashMap<String, TaskKey>} took about 150 (its entry, the key's text, the key object;
 * issue 15: 800,000 one-to-one timelines ran a 256 MiB heap out). A timeline the journal settles but the new export
 * no longer has (a conversation deleted since) has no number: those are kept by key in a map, as they are rare and
 * the rebased journal must still say what ZIM holds there. Not thread-safe.
 */
final class HeldTimelines {
    /** The ordinal of a hold known only by send time (the journal's own key, from the earlier plan). */
    static final long ANY_ORDINAL = -1;
    /** A send time no message has: ZIM holds nothing of this timeline yet. */
    private static final long NONE = Long.MIN_VALUE;

    private final TimelineTable next;
    private final PagedLongs time = new PagedLongs();
    private final PagedLongs ordinal = new PagedLongs();
    private final Map<String, TaskKey> notInNext = new HashMap<>();

    private HeldTimelines(TimelineTable next) {
        this.next = next;
        if (next.size() > 0) {
            time.reach(next.size() - 1);
            ordinal.reach(next.size() - 1);
        }
        for (int i = 0; i < next.size(); i++) {
            time.set(i, NONE);
        }
    }

    /**
     * Whatever the new export says, ZIM holds each timeline up to its last settled send time: the journal's
     * settled timelines, numbered in {@code next}, each held up to that time ({@link #ANY_ORDINAL}: an earlier
     * plan's ordinal means nothing in the new one).
     */
    static HeldTimelines of(JournalState history, TimelineTable next) {
        HeldTimelines held = new HeldTimelines(next);
        history.timelines().forEach((key, p) -> {
            TaskKey last = p.lastSettled();
            if (last == null) {
                return;
            }
            int n = next.numberOf(key);
            if (n >= 0) {
                held.time.set(n, last.sendTime());
                held.ordinal.set(n, ANY_ORDINAL);
            } else {
                held.notInNext.put(key, new TaskKey(last.sendTime(), ANY_ORDINAL));
            }
        });
        return held;
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
        return time.bytes() + ordinal.bytes();
    }

    /**
     * Every held timeline by key, as {@link JournalState#rebased} takes it: a read-only view that makes each key
     * and task key only when asked, so the rebased journal is built without a second copy of every timeline.
     */
    Map<String, TaskKey> asMap() {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, TaskKey>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, TaskKey>> iterator() {
                        return new Entries();
                    }

                    @Override
                    public int size() {
                        int held = notInNext.size();
                        for (int i = 0; i < next.size(); i++) {
                            held += time.get(i) == NONE ? 0 : 1;
                        }
                        return held;
                    }
                };
            }
        };
    }

    /** The held timelines of the new plan in its order, then the ones it no longer has. */
    private final class Entries implements Iterator<Map.Entry<String, TaskKey>> {
        private final Iterator<Map.Entry<String, TaskKey>> gone = notInNext.entrySet().iterator();
        private int at = skipEmpty(0);

        private int skipEmpty(int from) {
            int i = from;
            while (i < next.size() && time.get(i) == NONE) {
                i++;
            }
            return i;
        }

        @Override
        public boolean hasNext() {
            return at < next.size() || gone.hasNext();
        }

        @Override
        public Map.Entry<String, TaskKey> next() {
            if (at < next.size()) {
                Map.Entry<String, TaskKey> e = new AbstractMap.SimpleImmutableEntry<>(next.keyAt(at), upTo(at));
                at = skipEmpty(at + 1);
                return e;
            }
            if (!gone.hasNext()) {
                throw new NoSuchElementException();
            }
            return gone.next();
        }
    }
}
