package io.zimmigrate.core.journal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@link JournalState#timelines()}: every timeline's progress by key, a read-only view over the state's rows in
 * their order (the order the journal first named them, or the plan's when keyed by it). Nothing is copied: a journal of millions of timelines keeps them in columns.
 */
final class TimelinesView extends AbstractMap<String, TimelineProgress> {
    private final JournalState state;

    TimelinesView(JournalState state) {
        this.state = state;
    }

    @Override
    public int size() {
        return state.settled.named;
    }

    @Override
    public TimelineProgress get(Object key) {
        return key instanceof String k ? state.timeline(k) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && state.namesTimeline(k);
    }

    @Override
    public Set<Entry<String, TimelineProgress>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return state.settled.named;
            }

            @Override
            public Iterator<Entry<String, TimelineProgress>> iterator() {
                return new Iterator<>() {
                    private int next = namedFrom(0);

                    @Override
                    public boolean hasNext() {
                        return next < state.settled.rows;
                    }

                    @Override
                    public Entry<String, TimelineProgress> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int t = next;
                        next = namedFrom(t + 1);
                        return new SimpleImmutableEntry<>(state.timelineKey(t), state.progressAt(t));
                    }
                };
            }
        };
    }

    /** The first row from {@code row} on that names a timeline; the row count if none. */
    private int namedFrom(int row) {
        while (row < state.settled.rows && !state.has(row, SettledRows.NAMED)) {
            row++;
        }
        return row;
    }
}
