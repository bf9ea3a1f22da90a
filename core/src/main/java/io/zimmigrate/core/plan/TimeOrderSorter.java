package io.zimmigrate.core.plan;

import io.zimmigrate.core.port.ScratchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Orders encoded messages by (send time, input position) in bounded memory: an external merge sort over
 * {@link ScratchSpace} runs. Input that already arrives in order is written straight through as one run and
 * never sorted, so the common case (exports are usually chronological) costs one sequential write.
 *
 * <p>Ordering all messages by time orders every timeline too, and serves first the messages that leave the
 * retention window first.
 */
public final class TimeOrderSorter {
    static final Comparator<byte[]> ORDER = Comparator
            .comparingLong(MessageCodec::sendTime)
            .thenComparingLong(MessageCodec::ordinal);

    private final ScratchSpace scratch;
    private long memoryBudgetBytes;
    /** Where a full buffer is sorted and written while the next one fills; null: in place. */
    private final Executor spiller;
    /** The least budget spilled beside: below it every buffer would be small and their runs many (see budget()). */
    private final long besideFrom;
    /** Whether the current budget is spilled beside, in halves. */
    private boolean beside;
    /** The one spill in flight on {@link #spiller}, if any. */
    private CompletableFuture<ScratchSpace.Run> spilling;
    private final List<ScratchSpace.Run> runs = new ArrayList<>();

    private ScratchSpace.RunWriter passthrough;
    private byte[] last;
    private boolean ordered = true;
    private List<byte[]> buffer = new ArrayList<>();
    private long buffered;
    private long count;

    public TimeOrderSorter(ScratchSpace scratch, long memoryBudgetBytes) {
        this(scratch, memoryBudgetBytes, null);
    }

    /**
     * With {@code spiller} non-null, a full buffer is sorted and written to its run on it while the caller fills the
     * next one (at most one spill in flight); each buffer then gets half of the budget, so the two together stay
     * within it. The output is the same as in place; only the number of runs differs (twice as many). A budget
     * below {@value #SPILL_BESIDE_FROM} bytes (the tables took most of the heap) is spilled in place, whole: halves
     * of a small buffer would double an already large number of runs, and each costs a read buffer in the merge.
     */
    public TimeOrderSorter(ScratchSpace scratch, long memoryBudgetBytes, Executor spiller) {
        this(scratch, memoryBudgetBytes, spiller, SPILL_BESIDE_FROM);
    }

    static final long SPILL_BESIDE_FROM = 16L << 20;

    TimeOrderSorter(ScratchSpace scratch, long memoryBudgetBytes, Executor spiller, long besideFrom) {
        this.scratch = scratch;
        this.spiller = spiller;
        this.besideFrom = besideFrom;
        budget(memoryBudgetBytes);
        this.passthrough = scratch.newRun();
    }

    public void add(byte[] record) {
        count++;
        if (ordered) {
            if (last == null || ORDER.compare(last, record) <= 0) {
                passthrough.write(record);
                last = record;
                return;
            }
            ordered = false;
            runs.add(passthrough.finish());
            passthrough = null;
            last = null;
        }
        buffer.add(record);
        buffered += record.length + 48L; // array header and list slot
        if (buffered >= memoryBudgetBytes) {
            spill();
        }
    }

    /**
     * Lowers (or raises) the buffer's budget from now on: the planner gives the sort buffer less of the heap as its
     * per-timeline and per-user tables take more (issue #13). A buffer already over it is spilled by the next add.
     */
    public void budget(long bytes) {
        beside = spiller != null && bytes >= besideFrom;
        memoryBudgetBytes = beside ? bytes / 2 : bytes;
    }

    /** Whether every record so far arrived in order (no sort was needed). */
    public boolean wasOrdered() {
        return ordered;
    }

    public long count() {
        return count;
    }

    /** Ends input; the result can be iterated any number of times, in order. */
    public Sorted finish() {
        if (ordered) {
            runs.add(passthrough.finish());
            passthrough = null;
        } else {
            awaitSpill();
            if (!buffer.isEmpty()) { // the last buffer in place: nothing else is left to do meanwhile
                runs.add(sortInto(buffer, scratch.newRun()));
                buffer.clear();
            }
        }
        return new Sorted(List.copyOf(runs), count);
    }

    private void spill() {
        if (!beside) {
            awaitSpill(); // one spilled beside before the budget fell
            runs.add(sortInto(buffer, scratch.newRun()));
            buffer.clear();
        } else {
            awaitSpill(); // runs stay in the order their buffers were filled
            List<byte[]> full = buffer;
            ScratchSpace.RunWriter run = scratch.newRun();
            buffer = new ArrayList<>();
            spilling = CompletableFuture.supplyAsync(() -> sortInto(full, run), spiller);
        }
        buffered = 0;
    }

    /** Waits for the spill in flight, if any; its failure is thrown here as it was raised (not wrapped). */
    private void awaitSpill() {
        if (spilling == null) {
            return;
        }
        CompletableFuture<ScratchSpace.Run> f = spilling;
        spilling = null;
        try {
            runs.add(f.join());
        } catch (CompletionException e) {
            throw PreparedRecords.<RuntimeException>sneaky(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** Sorts {@code buffer} by (send time, input position) into {@code run}. */
    private static ScratchSpace.Run sortInto(List<byte[]> buffer, ScratchSpace.RunWriter run) {
        long[] keys = packedKeys(buffer);
        if (keys != null) {
            Arrays.sort(keys);
            int mask = (1 << INDEX_BITS) - 1;
            for (long k : keys) {
                run.write(buffer.get((int) (k & mask)));
            }
        } else {
            buffer.sort(ORDER);
            for (byte[] r : buffer) {
                run.write(r);
            }
        }
        return run.finish();
    }

    /** Bits of a packed key that hold the record's place in the buffer (a buffer of 48 MB holds far fewer). */
    private static final int INDEX_BITS = 24;

    /**
     * Each record's sort key as one {@code long}: its send time above the lowest in the buffer, then its place in
     * the buffer, which orders ties as the input position does because records arrive in input order. Sorting
     * primitives instead of comparing byte arrays through a comparator (two fields decoded per comparison) cut
     * the sort to a fraction of P4's samples. Null when a buffer does not fit that form (too many records, send
     * times too far apart, input positions not rising): the comparator sorts those.
     */
    private static long[] packedKeys(List<byte[]> records) {
        int n = records.size();
        if (n >= 1 << INDEX_BITS) {
            return null;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long previousOrdinal = Long.MIN_VALUE;
        for (byte[] r : records) {
            long t = MessageCodec.sendTime(r);
            min = Math.min(min, t);
            max = Math.max(max, t);
            long ordinal = MessageCodec.ordinal(r);
            if (ordinal <= previousOrdinal) {
                return null;
            }
            previousOrdinal = ordinal;
        }
        long span = max - min; // negative when it overflows
        if (span < 0 || span >= 1L << (Long.SIZE - 1 - INDEX_BITS)) {
            return null;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (MessageCodec.sendTime(records.get(i)) - min) << INDEX_BITS | i;
        }
        return keys;
    }

    /** The sorted records: a k-way merge of the runs on every pass. */
    public static final class Sorted {
        private final List<ScratchSpace.Run> runs;
        private final long count;
        /** One per run (a kept plan, whole or in parts), or null. */
        private final List<SkipIndex> indexes;

        Sorted(List<ScratchSpace.Run> runs, long count) {
            this(runs, count, (List<SkipIndex>) null);
        }

        Sorted(List<ScratchSpace.Run> runs, long count, SkipIndex index) {
            this(runs, count, index == null ? null : List.of(index));
        }

        Sorted(List<ScratchSpace.Run> runs, long count, List<SkipIndex> indexes) {
            this.runs = runs;
            this.count = count;
            this.indexes = indexes != null && indexes.size() == runs.size() ? indexes : null;
        }

        /** A pass that starts where it may, and how many import calls the messages it left out make. */
        public record Positioned(ScratchSpace.RunReader reader, long callsLeftOut) {}

        /**
         * A pass over the records from somewhere before the first one at or after {@code bound}: with an index (a
         * kept plan), each run from the start of its block that holds it, leaving out every block before; otherwise
         * from the first record. Records before {@code bound} may still come first; the caller skips them by their key.
         */
        public Positioned readFrom(io.zimmigrate.core.journal.TaskKey bound) {
            if (indexes == null) {
                return new Positioned(read(), 0);
            }
            List<ScratchSpace.RunReader> readers = new ArrayList<>(runs.size());
            long leftOut = 0;
            for (int i = 0; i < runs.size(); i++) {
                SkipIndex.Start start = indexes.get(i).startFor(bound);
                readers.add(runs.get(i).read(start.record()));
                leftOut += start.callsBefore();
            }
            return new Positioned(readers.size() == 1 ? readers.get(0) : new Merge(readers, true), leftOut);
        }

        public long count() {
            return count;
        }

        /** The runs merged on every pass (a growth adds its own to an earlier plan's). */
        List<ScratchSpace.Run> runs() {
            return runs;
        }

        public int runCount() {
            return runs.size();
        }

        public ScratchSpace.RunReader read() {
            if (runs.size() == 1) {
                return runs.get(0).read();
            }
            return new Merge(runs);
        }
    }

    private static final class Merge implements ScratchSpace.RunReader {
        private record Head(byte[] record, ScratchSpace.RunReader reader) {}

        private final List<ScratchSpace.RunReader> readers = new ArrayList<>();
        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.record, b.record));

        Merge(List<ScratchSpace.Run> runs) {
            this(runs.stream().map(ScratchSpace.Run::read).toList(), true);
        }

        /** Over readers already open (each at where a resume starts it); closes them with itself. */
        Merge(List<ScratchSpace.RunReader> opened, boolean owned) {
            for (ScratchSpace.RunReader r : opened) {
                readers.add(r);
                if (r.hasNext()) {
                    heads.add(new Head(r.next(), r));
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public byte[] next() {
            Head h = heads.poll();
            if (h == null) {
                throw new NoSuchElementException();
            }
            if (h.reader.hasNext()) {
                heads.add(new Head(h.reader.next(), h.reader));
            }
            return h.record;
        }

        @Override
        public void close() {
            for (Iterator<ScratchSpace.RunReader> it = readers.iterator(); it.hasNext(); ) {
                it.next().close();
            }
        }
    }
}
