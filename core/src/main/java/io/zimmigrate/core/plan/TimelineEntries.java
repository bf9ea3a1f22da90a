package io.zimmigrate.core.plan;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map.Entry;
import java.util.NoSuchElementException;

/** A {@link TimelineTable} seen as a map's entries, in the timelines' number order, made as they are visited. */
final class TimelineEntries extends AbstractSet<Entry<String, Plan.TimelinePlan>> {
    private final TimelineTable table;

    TimelineEntries(TimelineTable table) {
        this.table = table;
    }

    @Override
    public int size() {
        return table.size();
    }

    @Override
    public Iterator<Entry<String, Plan.TimelinePlan>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < table.size();
            }

            @Override
            public Entry<String, Plan.TimelinePlan> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return new SimpleImmutableEntry<>(table.keyAt(i), table.at(i));
            }
        };
    }
}
