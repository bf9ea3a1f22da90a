package io.zimmigrate.core.plan;

import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.port.ScratchSpace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first and last task of the timelines a plan does not hold in memory ({@link TaskBounds} beyond its budget), on
 * the scratch space (issue #13: 4 M one-to-one timelines are 128 MB of bounds). Each task widens its timeline's entry
 * in a bounded table; when the table is full it is written out as a run sorted by timeline number and emptied. When
 * planning ends the runs are merged, each timeline's earliest first and latest last task kept, into one run of
 * blocks in number order, read back a block at a time ({@link #first}, {@link #last}: in number order, as the kept
 * header and a run's read-ahead ask, each block is read once). Held: the table while planning (at most
 * {@link #bytesOf}({@link #MAX_SLOTS}), 9 MiB), a block per run while merging, then one block.
 */
final class BoundsSpill {
    /** The table's most slots: 2^18 numbers and bounds, 9 MiB, about 175,000 timelines per run. */
    static final int MAX_SLOTS = 1 << 18;
    private static final int EMPTY = -1;
    /** Entries per record of a run (36 bytes each). */
    private static final int RUN_BLOCK = 1024;
    /** Timelines per record of the merged run (32 bytes each). */
    static final int BLOCK = 256;

    private final ScratchSpace scratch;
    private final int maxSlots;
    private int[] numbers;
    private long[] firstTime;
    private long[] firstOrdinal;
    private long[] lastTime;
    private long[] lastOrdinal;
    private int filled;
    private final List<ScratchSpace.Run> runs = new ArrayList<>();
    private ScratchSpace.Run merged; // after finish: the bounds of numbers from..size-1, BLOCK a record
    private int from;
    private int size;
    private int cachedBlock = -1;
    private final long[] cached = new long[4 * BLOCK];

    /** With a table of at most {@code maxSlots} slots (a power of two): tests make it small to write many runs. */
    BoundsSpill(ScratchSpace scratch, int maxSlots) {
        this.scratch = scratch;
        this.maxSlots = maxSlots;
        allocate(Math.min(1 << 10, maxSlots));
    }

    /** The bytes of a table of {@code slots} slots. */
    static long bytesOf(int slots) {
        return 36L * slots;
    }

    /** Widens timeline {@code number}'s bounds to the task (sendTime, ordinal). */
    void saw(int number, long sendTime, long ordinal) {
        int mask = numbers.length - 1;
        int i = slot(number, mask);
        while (numbers[i] != EMPTY) {
            if (numbers[i] == number) {
                if (before(sendTime, ordinal, firstTime[i], firstOrdinal[i])) {
                    firstTime[i] = sendTime;
                    firstOrdinal[i] = ordinal;
                }
                if (before(lastTime[i], lastOrdinal[i], sendTime, ordinal)) {
                    lastTime[i] = sendTime;
                    lastOrdinal[i] = ordinal;
                }
                return;
            }
            i = (i + 1) & mask;
        }
        numbers[i] = number;
        firstTime[i] = lastTime[i] = sendTime;
        firstOrdinal[i] = lastOrdinal[i] = ordinal;
        if (++filled * 3L > numbers.length * 2L) {
            if (numbers.length < maxSlots) {
                grow();
            } else {
                spill();
            }
        }
    }

    /** The bytes held: the table while planning, a block once merged. */
    long bytes() {
        return numbers == null ? 8L * cached.length : bytesOf(numbers.length) + 8L * cached.length;
    }

    /**
     * Merges the runs into the bounds of timelines {@code from} to {@code size - 1}, each of which saw a task; call
     * once, after the last {@link #saw}.
     */
    void finish(int from, int size) {
        spill();
        numbers = null;
        firstTime = firstOrdinal = lastTime = lastOrdinal = null;
        this.from = from;
        this.size = size;
        PriorityQueue<Cursor> merge = new PriorityQueue<>((a, b) -> Integer.compare(a.number, b.number));
        for (ScratchSpace.Run run : runs) {
            Cursor c = new Cursor(run.read());
            if (c.advance()) {
                merge.add(c);
            }
        }
        ScratchSpace.RunWriter out = scratch.newSeekableRun();
        ByteBuffer block = ByteBuffer.allocate(32 * BLOCK);
        long[] bounds = new long[4];
        for (int number = from; number < size; number++) {
            Cursor c = merge.poll();
            if (c == null || c.number != number) {
                throw new IllegalStateException("timeline " + number + " saw no task");
            }
            System.arraycopy(c.bounds, 0, bounds, 0, 4);
            advance(merge, c);
            while (!merge.isEmpty() && merge.peek().number == number) {
                Cursor same = merge.poll();
                widen(bounds, same.bounds);
                advance(merge, same);
            }
            block.putLong(bounds[0]).putLong(bounds[1]).putLong(bounds[2]).putLong(bounds[3]);
            if (!block.hasRemaining() || number == size - 1) {
                out.write(Arrays.copyOf(block.array(), block.position()));
                block.clear();
            }
        }
        if (!merge.isEmpty()) {
            throw new IllegalStateException("a task of timeline " + merge.peek().number + ", beyond " + size);
        }
        runs.clear();
        merged = out.finish();
    }

    TaskKey first(int number) {
        int at = 4 * load(number);
        return new TaskKey(cached[at], cached[at + 1]);
    }

    TaskKey last(int number) {
        int at = 4 * load(number);
        return new TaskKey(cached[at + 2], cached[at + 3]);
    }

    /** Reads the block of {@code number} when it is not the one held; its place in the block. */
    private int load(int number) {
        if (merged == null || number < from || number >= size) {
            throw new IllegalStateException("timeline " + number + " is not among the spilled " + from + " to " + size);
        }
        int block = (number - from) / BLOCK;
        if (block != cachedBlock) {
            try (ScratchSpace.RunReader r = merged.read(block)) {
                ByteBuffer record = ByteBuffer.wrap(r.next());
                for (int k = 0; record.hasRemaining(); k++) {
                    cached[k] = record.getLong();
                }
            }
            cachedBlock = block;
        }
        return (number - from) % BLOCK;
    }

    private static void advance(PriorityQueue<Cursor> merge, Cursor c) {
        if (c.advance()) {
            merge.add(c);
        } else {
            c.reader.close();
        }
    }

    /** Widens (firstTime, firstOrdinal, lastTime, lastOrdinal) {@code into} by {@code other}. */
    private static void widen(long[] into, long[] other) {
        if (before(other[0], other[1], into[0], into[1])) {
            into[0] = other[0];
            into[1] = other[1];
        }
        if (before(into[2], into[3], other[2], other[3])) {
            into[2] = other[2];
            into[3] = other[3];
        }
    }

    private static boolean before(long time, long ordinal, long otherTime, long otherOrdinal) {
        return time < otherTime || time == otherTime && ordinal < otherOrdinal;
    }

    /** Writes the table out as a run sorted by timeline number and empties it. */
    private void spill() {
        if (filled == 0) {
            return;
        }
        long[] sorted = new long[filled]; // number << 32 | slot
        int n = 0;
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] != EMPTY) {
                sorted[n++] = (long) numbers[i] << 32 | i;
            }
        }
        Arrays.sort(sorted);
        ScratchSpace.RunWriter run = scratch.newRun();
        for (int start = 0; start < n; start += RUN_BLOCK) {
            int end = Math.min(n, start + RUN_BLOCK);
            ByteBuffer block = ByteBuffer.allocate(36 * (end - start));
            for (int j = start; j < end; j++) {
                int i = (int) sorted[j];
                block.putInt(numbers[i]).putLong(firstTime[i]).putLong(firstOrdinal[i]).putLong(lastTime[i])
                        .putLong(lastOrdinal[i]);
            }
            run.write(block.array());
        }
        runs.add(run.finish());
        Arrays.fill(numbers, EMPTY);
        filled = 0;
    }

    private void grow() {
        int[] oldNumbers = numbers;
        long[][] old = {firstTime, firstOrdinal, lastTime, lastOrdinal};
        allocate(oldNumbers.length * 2);
        int mask = numbers.length - 1;
        for (int k = 0; k < oldNumbers.length; k++) {
            if (oldNumbers[k] != EMPTY) {
                int i = slot(oldNumbers[k], mask);
                while (numbers[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                numbers[i] = oldNumbers[k];
                firstTime[i] = old[0][k];
                firstOrdinal[i] = old[1][k];
                lastTime[i] = old[2][k];
                lastOrdinal[i] = old[3][k];
            }
        }
    }

    private void allocate(int slots) {
        numbers = new int[slots];
        Arrays.fill(numbers, EMPTY);
        firstTime = new long[slots];
        firstOrdinal = new long[slots];
        lastTime = new long[slots];
        lastOrdinal = new long[slots];
    }

    private static int slot(int number, int mask) {
        long h = number * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }

    /** A run being merged: its current timeline's bounds. */
    private static final class Cursor {
        final ScratchSpace.RunReader reader;
        ByteBuffer block = ByteBuffer.allocate(0);
        int number;
        final long[] bounds = new long[4];

        Cursor(ScratchSpace.RunReader reader) {
            this.reader = reader;
        }

        boolean advance() {
            if (!block.hasRemaining()) {
                if (!reader.hasNext()) {
                    return false;
                }
                block = ByteBuffer.wrap(reader.next());
            }
            number = block.getInt();
            for (int k = 0; k < 4; k++) {
                bounds[k] = block.getLong();
            }
            return true;
        }
    }
}
