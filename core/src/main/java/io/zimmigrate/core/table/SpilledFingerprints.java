package io.zimmigrate.core.table;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import io.zimmigrate.core.port.ScratchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fingerprints a {@link FingerprintSet} wrote out when its table reached its budget (issue #13: 20 M IDs would
 * take 200-280 MB of table): sorted runs on the scratch space, each with a Guava {@link BloomFilter} in memory
 * (about 1.2 bytes per fingerprint) and the first fingerprint of each block of {@value #BLOCK} (0.016 bytes each).
 *
 * <p>{@link #contains} is exact: a fingerprint no run holds is turned away by the Bloom filters for all but about
 * {@value #FPP} of the fingerprints per run; only then is one block of that run read back and searched. When there
 * are more than {@value #MAX_RUNS} runs they are merged into one (with one Bloom filter for all), so a lookup never
 * asks more than {@value #MAX_RUNS} + 1 filters. Fingerprints are ordered as unsigned numbers. Not thread-safe.
 */
final class SpilledFingerprints {
    /** Fingerprints per block: one record of a run, 4 KiB, the unit read back for a lookup. */
    static final int BLOCK = 512;
    static final double FPP = 0.01;
    static final int MAX_RUNS = 4;

    private final ScratchSpace scratch;
    private final List<SortedRun> runs = new ArrayList<>();
    private long size;
    private long blocksRead;

    SpilledFingerprints(ScratchSpace scratch) {
        this.scratch = scratch;
    }

    /** How many fingerprints were written out, in all runs. */
    long size() {
        return size;
    }

    /** The bytes held in memory for the runs: Bloom filters and block fences. */
    long heldBytes() {
        long bytes = 0;
        for (SortedRun r : runs) {
            bytes += r.heldBytes();
        }
        return bytes;
    }

    /** How many blocks were read back to answer {@link #contains} (Bloom filters' false positives and true hits). */
    long blocksRead() {
        return blocksRead;
    }

    int runCount() {
        return runs.size();
    }

    boolean contains(long fingerprint) {
        for (SortedRun r : runs) {
            if (r.bloom.mightContain(fingerprint)) {
                blocksRead++;
                if (r.holds(fingerprint)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A run writer for {@code count} fingerprints given in unsigned order, none already spilled; then {@link #add}. */
    Writer writer(long count) {
        return new Writer(count);
    }

    private void added(SortedRun run) {
        runs.add(run);
        size += run.count;
        if (runs.size() > MAX_RUNS) {
            mergeAll();
        }
    }

    /** All runs into one, streamed block by block; the old runs' Bloom filters are dropped after. */
    private void mergeAll() {
        long total = 0;
        for (SortedRun r : runs) {
            total += r.count;
        }
        Writer out = new Writer(total);
        List<BlockCursor> cursors = new ArrayList<>(runs.size());
        for (SortedRun r : runs) {
            cursors.add(new BlockCursor(r.run.read()));
        }
        try {
            while (true) {
                BlockCursor least = null;
                for (BlockCursor c : cursors) {
                    if (c.hasValue() && (least == null || Long.compareUnsigned(c.value(), least.value()) < 0)) {
                        least = c;
                    }
                }
                if (least == null) {
                    break;
                }
                out.put(least.value());
                least.advance();
            }
        } finally {
            for (BlockCursor c : cursors) {
                c.reader.close();
            }
        }
        runs.clear();
        size = 0;
        out.finish();
    }

    /** Writes one sorted run: blocks of {@value #BLOCK} fingerprints, 8 bytes each, big-endian. */
    final class Writer {
        private final ScratchSpace.RunWriter out = scratch.newSeekableRun();
        private final BloomFilter<Long> bloom;
        private long[] fences = new long[16];
        private int blocks;
        private long[] block = new long[BLOCK];
        private int inBlock;
        private long count;

        private Writer(long expected) {
            bloom = BloomFilter.create(Funnels.longFunnel(), Math.max(1, expected), FPP);
        }

        void put(long fingerprint) {
            block[inBlock++] = fingerprint;
            bloom.put(fingerprint);
            count++;
            if (inBlock == BLOCK) {
                flush();
            }
        }

        private void flush() {
            if (blocks == fences.length) {
                fences = Arrays.copyOf(fences, blocks * 2);
            }
            fences[blocks++] = block[0];
            byte[] record = new byte[inBlock * Long.BYTES];
            for (int i = 0; i < inBlock; i++) {
                putLong(record, i * Long.BYTES, block[i]);
            }
            out.write(record);
            inBlock = 0;
        }

        /** Ends the run and adds it to the spilled fingerprints (merging the runs when they are many). */
        void finish() {
            if (inBlock > 0) {
                flush();
            }
            if (count == 0) {
                out.finish();
                return;
            }
            block = null;
            added(new SortedRun(out.finish(), Arrays.copyOf(fences, blocks), count, bloom));
        }
    }

    private final class SortedRun {
        final ScratchSpace.Run run;
        final long[] fences;
        final long count;
        final BloomFilter<Long> bloom;
        private final long bloomBytes;

        SortedRun(ScratchSpace.Run run, long[] fences, long count, BloomFilter<Long> bloom) {
            this.run = run;
            this.fences = fences;
            this.count = count;
            this.bloom = bloom;
            // Guava's optimal size for the count and FPP (what BloomFilter.create allocates), rounded up to longs.
            double bits = -count * Math.log(FPP) / (Math.log(2) * Math.log(2));
            this.bloomBytes = ((long) Math.ceil(bits / 64) + 1) * Long.BYTES;
        }

        long heldBytes() {
            return bloomBytes + (long) fences.length * Long.BYTES;
        }

        /** Reads back the one block that could hold {@code fingerprint} and searches it. */
        boolean holds(long fingerprint) {
            int lo = 0;
            int hi = fences.length - 1;
            if (Long.compareUnsigned(fingerprint, fences[0]) < 0) {
                return false;
            }
            while (lo < hi) { // the last block whose first fingerprint is <= fingerprint
                int mid = (lo + hi + 1) >>> 1;
                if (Long.compareUnsigned(fences[mid], fingerprint) <= 0) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            byte[] record;
            try (ScratchSpace.RunReader r = run.read(lo)) {
                record = r.next();
            }
            int a = 0;
            int b = record.length / Long.BYTES - 1;
            while (a <= b) {
                int mid = (a + b) >>> 1;
                int c = Long.compareUnsigned(getLong(record, mid * Long.BYTES), fingerprint);
                if (c == 0) {
                    return true;
                }
                if (c < 0) {
                    a = mid + 1;
                } else {
                    b = mid - 1;
                }
            }
            return false;
        }
    }

    /** A run read back one fingerprint at a time, for the merge. */
    private static final class BlockCursor {
        final ScratchSpace.RunReader reader;
        private byte[] record;
        private int at;

        BlockCursor(ScratchSpace.RunReader reader) {
            this.reader = reader;
            this.record = reader.hasNext() ? reader.next() : null;
        }

        boolean hasValue() {
            return record != null;
        }

        long value() {
            return getLong(record, at);
        }

        void advance() {
            at += Long.BYTES;
            if (at == record.length) {
                record = reader.hasNext() ? reader.next() : null;
                at = 0;
            }
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
