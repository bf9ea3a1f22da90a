package io.zimmigrate.core.plan;

import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.table.PagedLongs;

/**
 * Each timeline's first and last task, by the timeline's number, in paged columns (32 bytes per timeline): what the
 * planner learns as it reads and a resume uses to skip the settled part of the plan without decoding it. A plan read
 * back from where it is kept does not hold them: {@link TimelineTable#forEachBounds} streams them from the kept
 * header when they are needed, once per run (32 of the about 55 bytes per timeline of the table, issue #13).
 * Not thread-safe.
 */
final class TaskBounds {
    private final PagedLongs firstTime = new PagedLongs();
    private final PagedLongs firstOrdinal = new PagedLongs();
    private final PagedLongs lastTime = new PagedLongs();
    private final PagedLongs lastOrdinal = new PagedLongs();

    /** Makes timeline {@code i} usable, with no task yet. */
    void add(int i) {
        firstTime.reach(i);
        firstOrdinal.reach(i);
        lastTime.reach(i);
        lastOrdinal.reach(i);
        firstTime.set(i, Long.MAX_VALUE);
        firstOrdinal.set(i, Long.MAX_VALUE);
        lastTime.set(i, Long.MIN_VALUE);
        lastOrdinal.set(i, Long.MIN_VALUE);
    }

    /** Widens timeline {@code i}'s bounds to the task (sendTime, ordinal). */
    void saw(int i, long sendTime, long ordinal) {
        if (sendTime < firstTime.get(i) || sendTime == firstTime.get(i) && ordinal < firstOrdinal.get(i)) {
            firstTime.set(i, sendTime);
            firstOrdinal.set(i, ordinal);
        }
        if (sendTime > lastTime.get(i) || sendTime == lastTime.get(i) && ordinal > lastOrdinal.get(i)) {
            lastTime.set(i, sendTime);
            lastOrdinal.set(i, ordinal);
        }
    }

    void set(int i, TaskKey first, TaskKey last) {
        firstTime.set(i, first.sendTime());
        firstOrdinal.set(i, first.ordinal());
        lastTime.set(i, last.sendTime());
        lastOrdinal.set(i, last.ordinal());
    }

    TaskKey first(int i) {
        return new TaskKey(firstTime.get(i), firstOrdinal.get(i));
    }

    TaskKey last(int i) {
        return new TaskKey(lastTime.get(i), lastOrdinal.get(i));
    }

    long bytes() {
        return firstTime.bytes() + firstOrdinal.bytes() + lastTime.bytes() + lastOrdinal.bytes();
    }
}
