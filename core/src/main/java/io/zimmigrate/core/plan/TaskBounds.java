package io.zimmigrate.core.plan;

import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.table.PagedLongs;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Each timeline's first and last task, by the timeline's number, in paged columns (32 bytes per timeline): what the
 * planner learns as it reads and a resume uses to skip the settled part of the plan without decoding it. A plan read
 * back from where it is kept does not hold them: {@link TimelineTable#forEachBounds} streams them from the kept
 * header when they are needed, once per run (32 of the about 55 bytes per timeline of the table, issue #13).
 * A plan from empty holds them for its first timelines only, as many as its budget takes; those beyond go to the
 * scratch space ({@link BoundsSpill}) and are read back after {@link #finish}. Not thread-safe.
 */
final class TaskBounds {
    /** The default most bytes held: 16 MiB (a sixteenth of the heap when that is less), 512 K timelines. */
    static final long DEFAULT_BUDGET = 16L << 20;

    private final PagedLongs firstTime = new PagedLongs();
    private final PagedLongs firstOrdinal = new PagedLongs();
    private final PagedLongs lastTime = new PagedLongs();
    private final PagedLongs lastOrdinal = new PagedLongs();
    /** Timelines numbered from here on are spilled; Integer.MAX_VALUE: none. */
    private final int held;
    private final ScratchSpace scratch;
    private final int spillSlots;
    private BoundsSpill spill;
    /** Where a kept plan's table reads them from; null when they are held or spilled. */
    private final Source streamed;

    /** Where the bounds of a table that holds none are read from, in number order. */
    interface Source {
        void forEach(TimelineTable.BoundsVisitor visitor) throws IOException;
    }

    /** Every timeline's bounds in memory. */
    TaskBounds() {
        this(null, Long.MAX_VALUE, 0);
    }

    /** The first {@code budgetBytes} / 32 timelines' bounds in memory, the rest spilled to {@code scratch}. */
    TaskBounds(ScratchSpace scratch, long budgetBytes, int spillSlots) {
        this(scratch, budgetBytes, spillSlots, null);
    }

    private TaskBounds(ScratchSpace scratch, long budgetBytes, int spillSlots, Source streamed) {
        this.held = (int) Math.min(Integer.MAX_VALUE, budgetBytes / 32);
        this.scratch = scratch;
        this.spillSlots = spillSlots;
        this.streamed = streamed;
    }

    /** None held: {@link #forEach} reads them from {@code source} (a kept plan's header) each time it is asked. */
    static TaskBounds streamedFrom(Source source) {
        return new TaskBounds(null, 0, 0, source);
    }

    /** Whether {@link #first} and {@link #last} answer: false when the bounds are streamed. */
    boolean holds() {
        return streamed == null;
    }

    /** Gives the {@code size} timelines' bounds to {@code visitor} in number order. */
    void forEach(int size, TimelineTable.BoundsVisitor visitor) {
        if (holds()) {
            for (int i = 0; i < size; i++) {
                visitor.visit(i, first(i), last(i));
            }
            return;
        }
        try {
            streamed.forEach(visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kept plan's timelines again: " + e.getMessage(), e);
        }
    }

    /** These bounds, all in memory (a growth goes on widening them): this when they are, else a copy. */
    TaskBounds held(int size) {
        if (holds() && spill == null) {
            return this;
        }
        TaskBounds all = new TaskBounds();
        forEach(size, (i, first, last) -> {
            all.add(i);
            all.set(i, first, last);
        });
        return all;
    }

    /** The budget of a plan from empty under the running heap: {@link #DEFAULT_BUDGET} or a sixteenth of it. */
    static long budget() {
        return Math.min(DEFAULT_BUDGET, Runtime.getRuntime().maxMemory() / 16);
    }

    /** Whether some timelines' bounds are on the scratch space. */
    boolean spills() {
        return spill != null;
    }

    /** Makes timeline {@code i} usable, with no task yet. */
    void add(int i) {
        if (streamed != null) {
            return;
        }
        if (i >= held) {
            if (spill == null) {
                spill = new BoundsSpill(scratch, spillSlots);
            }
            return;
        }
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
        if (i >= held) {
            spill.saw(i, sendTime, ordinal);
            return;
        }
        if (sendTime < firstTime.get(i) || sendTime == firstTime.get(i) && ordinal < firstOrdinal.get(i)) {
            firstTime.set(i, sendTime);
            firstOrdinal.set(i, ordinal);
        }
        if (sendTime > lastTime.get(i) || sendTime == lastTime.get(i) && ordinal > lastOrdinal.get(i)) {
            lastTime.set(i, sendTime);
            lastOrdinal.set(i, ordinal);
        }
    }

    /** The last task was seen: the spilled bounds of the {@code size} timelines are merged, to be read back. */
    void finish(int size) {
        if (spill != null) {
            spill.finish(held, size);
        }
    }

    void set(int i, TaskKey first, TaskKey last) {
        if (streamed != null) {
            return; // read again from where the plan is kept
        }
        if (i >= held) {
            throw new IllegalStateException("timeline " + i + "'s bounds are spilled: they are only seen");
        }
        firstTime.set(i, first.sendTime());
        firstOrdinal.set(i, first.ordinal());
        lastTime.set(i, last.sendTime());
        lastOrdinal.set(i, last.ordinal());
    }

    TaskKey first(int i) {
        return i >= held ? spill.first(i) : new TaskKey(firstTime.get(i), firstOrdinal.get(i));
    }

    TaskKey last(int i) {
        return i >= held ? spill.last(i) : new TaskKey(lastTime.get(i), lastOrdinal.get(i));
    }

    long bytes() {
        return firstTime.bytes() + firstOrdinal.bytes() + lastTime.bytes() + lastOrdinal.bytes()
                + (spill == null ? 0 : spill.bytes());
    }
}
