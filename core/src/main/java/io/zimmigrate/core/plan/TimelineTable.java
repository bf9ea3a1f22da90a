package io.zimmigrate.core.plan;

import io.zimmigrate.core.journal.TaskKey;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Each timeline of a plan, by key: its import calls and first and last task, in primitive arrays next to the keys'
 * {@link IdTable} (about 56 bytes per timeline beyond the key's bytes, where a {@code HashMap} of
 * {@link Plan.TimelinePlan} took about 250). A read-only {@link Map} to its users; the planner and the kept plan
 * fill it through {@link #saw} and {@link #put(String, Plan.TimelinePlan)}. Not thread-safe.
 */
final class TimelineTable extends AbstractMap<String, Plan.TimelinePlan> {
    private final IdTable keys = new IdTable();
    private long[] calls = new long[0];
    private long[] firstTime = new long[0];
    private long[] firstOrdinal = new long[0];
    private long[] lastTime = new long[0];
    private long[] lastOrdinal = new long[0];

    /** Counts one call of timeline {@code key} for the task (sendTime, ordinal), in any order. */
    void saw(String key, long sendTime, long ordinal) {
        int i = slot(key);
        calls[i]++;
        if (sendTime < firstTime[i] || sendTime == firstTime[i] && ordinal < firstOrdinal[i]) {
            firstTime[i] = sendTime;
            firstOrdinal[i] = ordinal;
        }
        if (sendTime > lastTime[i] || sendTime == lastTime[i] && ordinal > lastOrdinal[i]) {
            lastTime[i] = sendTime;
            lastOrdinal[i] = ordinal;
        }
    }

    @Override
    public Plan.TimelinePlan put(String key, Plan.TimelinePlan plan) {
        int i = slot(key);
        Plan.TimelinePlan before = calls[i] == 0 ? null : at(i);
        calls[i] = plan.calls();
        firstTime[i] = plan.first().sendTime();
        firstOrdinal[i] = plan.first().ordinal();
        lastTime[i] = plan.last().sendTime();
        lastOrdinal[i] = plan.last().ordinal();
        return before;
    }

    @Override
    public Plan.TimelinePlan get(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        int i = keys.indexOf(k);
        return i < 0 ? null : at(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && keys.indexOf(k) >= 0;
    }

    @Override
    public int size() {
        return keys.size();
    }

    /** Bytes held, for docs/performance.md. */
    long bytes() {
        return keys.bytes() + 40L * calls.length;
    }

    @Override
    public Set<Entry<String, Plan.TimelinePlan>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.size();
            }

            @Override
            public Iterator<Entry<String, Plan.TimelinePlan>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.size();
                    }

                    @Override
                    public Entry<String, Plan.TimelinePlan> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys.get(i), at(i));
                    }
                };
            }
        };
    }

    private Plan.TimelinePlan at(int i) {
        return new Plan.TimelinePlan(calls[i], new TaskKey(firstTime[i], firstOrdinal[i]),
                new TaskKey(lastTime[i], lastOrdinal[i]));
    }

    private int slot(String key) {
        int before = keys.size();
        int i = keys.add(key);
        if (i == before) {
            if (i == calls.length) {
                int n = calls.length + (calls.length >> 1) + 16;
                calls = Arrays.copyOf(calls, n);
                firstTime = Arrays.copyOf(firstTime, n);
                firstOrdinal = Arrays.copyOf(firstOrdinal, n);
                lastTime = Arrays.copyOf(lastTime, n);
                lastOrdinal = Arrays.copyOf(lastOrdinal, n);
            }
            firstTime[i] = Long.MAX_VALUE;
            firstOrdinal[i] = Long.MAX_VALUE;
            lastTime[i] = Long.MIN_VALUE;
            lastOrdinal[i] = Long.MIN_VALUE;
        }
        return i;
    }
}
