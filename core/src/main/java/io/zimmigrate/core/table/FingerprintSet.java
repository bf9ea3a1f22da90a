package io.zimmigrate.core.table;

import io.zimmigrate.core.port.ScratchSpace;
import java.util.Arrays;

/**
 * A set of 64-bit fingerprints of strings (source IDs, conversation keys), small enough to remember every ID of a
 * ten-million-message export under a 256 MB heap: about 10 to 14 bytes per entry and no object per entry.
 *
 * <p>Two different strings share a fingerprint with probability 2<sup>-64</sup>; among {@code n} strings the chance
 * that any two do is about {@code n² / 2⁶⁵} (2.7 × 10⁻⁶ for ten million). Callers that treat "already present" as a
 * duplicate accept that risk; docs/decisions.md says so.
 *
 * <p>The table is split into segments by the fingerprint's top bits, each an open-addressing table with linear
 * probing that grows on its own, so growing never needs twice the memory of the whole set at once.
 *
 * <p>A set made by {@link #spillingTo} keeps its table within a budget (issue #13: 20 M IDs): when growing a
 * segment would pass it, the whole table is written to the scratch space as a sorted run and emptied
 * ({@link SpilledFingerprints}: about 1.2 bytes per spilled fingerprint stay in memory, in Bloom filters). A new
 * fingerprint is then looked for in the table, and only when the table lacks it, in the spilled runs. Its answers
 * are exactly those of a set that never spills. A set that stays under its budget works as one that never spills:
 * no Bloom filter, nothing written. Not thread-safe.
 */
public final class FingerprintSet {
    private static final int SEGMENT_BITS = 6;
    private static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final double MAX_LOAD = 0.8;
    private static final int MIN_CAPACITY = 16;
    /** A planner's ID table, at most ({@link #idBudget()}). */
    public static final long DEFAULT_ID_BUDGET = 32L << 20;

    private final Segment[] segments = new Segment[SEGMENTS];
    private final TextFingerprint hasher = new TextFingerprint();
    /** 0 marks an empty slot, so the fingerprint 0 is remembered apart. */
    private boolean hasZero;
    private long size;
    /** The spilled runs, or null for a set that keeps everything in its table. */
    private final SpilledFingerprints spilled;
    private final long budgetBytes;
    /** The slots of all segments: the table's bytes over 8. */
    private long slots;

    /** An empty set that grows as needed. */
    public FingerprintSet() {
        this(0);
    }

    /** An empty set sized for {@code expectedSize} entries, so it will not grow before it holds them. */
    public FingerprintSet(long expectedSize) {
        this(expectedSize, null, Long.MAX_VALUE);
    }

    /**
     * An empty set whose table never takes more than {@code budgetBytes} (at least the 64 segments' first tables,
     * 8 KiB): beyond, its fingerprints go to {@code scratch} as sorted runs (see the class comment).
     */
    public static FingerprintSet spillingTo(ScratchSpace scratch, long budgetBytes) {
        return new FingerprintSet(0, new SpilledFingerprints(java.util.Objects.requireNonNull(scratch, "scratch")),
                budgetBytes);
    }

    /**
     * The ID table's budget for a plan in this JVM: {@value #DEFAULT_ID_BUDGET} bytes, or an eighth of the heap when
     * that is less. 32 MiB hold 2.1 to 3.4 M IDs (the load varies between growths), so most inputs never spill.
     */
    public static long idBudget() {
        return Math.min(DEFAULT_ID_BUDGET, Runtime.getRuntime().maxMemory() / 8);
    }

    private FingerprintSet(long expectedSize, SpilledFingerprints spilled, long budgetBytes) {
        this.spilled = spilled;
        this.budgetBytes = budgetBytes;
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expected size must not be negative: " + expectedSize);
        }
        // Fingerprints spread over the segments at random: allow for a few standard deviations above the mean.
        long mean = expectedSize / SEGMENTS + 1;
        long perSegment = mean + 4 * (long) Math.ceil(Math.sqrt(mean)) + 16;
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_CAPACITY, (long) Math.ceil(perSegment / MAX_LOAD)));
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(capacity);
        }
        slots = (long) capacity * SEGMENTS;
    }

    /**
     * The fingerprint of {@code text}: Guava's FarmHash Fingerprint64 of its UTF-8 bytes ({@link TextFingerprint}).
     * Stable across runs and JVMs. {@link #add(String)} and {@link #contains(String)} compute the same value
     * without allocating for ASCII text.
     */
    public static long fingerprint(String text) {
        return TextFingerprint.ofAnyText(text);
    }

    /** {@link #fingerprint(String)} with this set's reused buffer: no array for ASCII text. Not thread-safe. */
    public long fingerprintOf(String text) {
        return hasher.of(text);
    }

    /** Adds {@code text}'s fingerprint; true when it was not present yet. */
    public boolean add(String text) {
        return add(hasher.of(text));
    }

    /** Adds a fingerprint; true when it was not present yet. */
    public boolean add(long fingerprint) {
        if (fingerprint == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        Segment s = segmentOf(fingerprint);
        int slot = s.find(fingerprint);
        if (slot < 0) {
            return false;
        }
        if (spilled != null && spilled.size() > 0 && spilled.contains(fingerprint)) {
            return false;
        }
        s.put(slot, fingerprint);
        size++;
        if (s.isFull()) {
            long bigger = s.grownCapacity();
            if (spilled != null && (slots + bigger - s.table.length) * Long.BYTES > budgetBytes) {
                spill();
            } else {
                slots += bigger - s.table.length;
                s.grow(bigger);
            }
        }
        return true;
    }

    /** Writes the table's fingerprints to a sorted run and empties it (keeping its segments' sizes). */
    private void spill() {
        long inTable = 0;
        for (Segment s : segments) {
            inTable += s.size;
        }
        SpilledFingerprints.Writer run = spilled.writer(inTable);
        // Segment i holds the fingerprints whose top bits are i: sorting each in place and writing them in segment
        // order gives the unsigned order. Within a segment every value has the same sign bit, so a signed sort of
        // the slots orders them; the empty slots (0) are skipped.
        for (Segment s : segments) {
            Arrays.sort(s.table);
            for (long v : s.table) {
                if (v != 0) {
                    run.put(v);
                }
            }
            Arrays.fill(s.table, 0L);
            s.size = 0;
        }
        run.finish();
    }

    public boolean contains(String text) {
        return contains(hasher.of(text));
    }

    public boolean contains(long fingerprint) {
        if (fingerprint == 0) {
            return hasZero;
        }
        return segmentOf(fingerprint).find(fingerprint) < 0
                || spilled != null && spilled.size() > 0 && spilled.contains(fingerprint);
    }

    public long size() {
        return size;
    }

    /** The bytes the tables take (not counting object headers); for tests and diagnostics. */
    public long tableBytes() {
        return slots * Long.BYTES;
    }

    /** The bytes held in memory: the tables, and for spilled fingerprints their Bloom filters and block fences. */
    public long heldBytes() {
        return tableBytes() + (spilled == null ? 0 : spilled.heldBytes());
    }

    /** How many fingerprints were written to the scratch space (0 for a set that stayed under its budget). */
    public long spilledCount() {
        return spilled == null ? 0 : spilled.size();
    }

    /** How many blocks of spilled fingerprints were read back to answer {@link #add} and {@link #contains}. */
    public long spilledBlocksRead() {
        return spilled == null ? 0 : spilled.blocksRead();
    }

    private Segment segmentOf(long fingerprint) {
        return segments[(int) (fingerprint >>> (Long.SIZE - SEGMENT_BITS))];
    }

    /** One open-addressing table with linear probing; 0 marks a free slot. */
    private static final class Segment {
        private long[] table;
        private int size;
        private int limit;

        Segment(int capacity) {
            allocate(capacity);
        }

        private void allocate(int capacity) {
            table = new long[capacity];
            limit = (int) (capacity * MAX_LOAD);
        }

        /** Maps the low 32 bits onto [0, capacity) without a division; the top bits chose the segment. */
        private static int home(long fingerprint, int capacity) {
            return (int) (((fingerprint & 0xFFFF_FFFFL) * capacity) >>> 32);
        }

        /** -1 when {@code fingerprint} is in the table, else the free slot where it would go. */
        int find(long fingerprint) {
            long[] t = table;
            for (int i = home(fingerprint, t.length); ; i = i + 1 == t.length ? 0 : i + 1) {
                long v = t[i];
                if (v == fingerprint) {
                    return -1;
                }
                if (v == 0) {
                    return i;
                }
            }
        }

        void put(int slot, long fingerprint) {
            table[slot] = fingerprint;
            size++;
        }

        boolean isFull() {
            return size > limit;
        }

        /** Grows by half: a finer step than doubling keeps the average load, and so the memory per entry, low. */
        long grownCapacity() {
            long bigger = Math.min(Integer.MAX_VALUE - 8L, table.length + (table.length >> 1) + 1);
            if (bigger <= table.length) {
                throw new IllegalStateException("fingerprint set segment is full (" + size + " entries)");
            }
            return bigger;
        }

        void grow(long bigger) {
            long[] old = table;
            allocate((int) bigger);
            long[] t = table;
            for (long v : old) {
                if (v != 0) {
                    int i = home(v, t.length);
                    while (t[i] != 0) {
                        i = i + 1 == t.length ? 0 : i + 1;
                    }
                    t[i] = v;
                }
            }
        }
    }
}
