package io.zimmigrate.core.rules;


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
 * Not thread-safe.
 */
public final class FingerprintSet {
    private static final int SEGMENT_BITS = 6;
    private static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final double MAX_LOAD = 0.8;
    private static final int MIN_CAPACITY = 16;

    private final Segment[] segments = new Segment[SEGMENTS];
    private final TextFingerprint hasher = new TextFingerprint();
    /** 0 marks an empty slot, so the fingerprint 0 is remembered apart. */
    private boolean hasZero;
    private long size;

    /** An empty set that grows as needed. */
    public FingerprintSet() {
        this(0);
    }

    /** An empty set sized for {@code expectedSize} entries, so it will not grow before it holds them. */
    public FingerprintSet(long expectedSize) {
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
        boolean added = segmentOf(fingerprint).add(fingerprint);
        if (added) {
            size++;
        }
        return added;
    }

    public boolean contains(String text) {
        return contains(hasher.of(text));
    }

    public boolean contains(long fingerprint) {
        return fingerprint == 0 ? hasZero : segmentOf(fingerprint).contains(fingerprint);
    }

    public long size() {
        return size;
    }

    /** The bytes the tables take (not counting object headers); for tests and diagnostics. */
    public long tableBytes() {
        long slots = 0;
        for (Segment s : segments) {
            slots += s.table.length;
        }
        return slots * Long.BYTES;
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

        boolean contains(long fingerprint) {
            long[] t = table;
            for (int i = home(fingerprint, t.length); ; i = i + 1 == t.length ? 0 : i + 1) {
                long v = t[i];
                if (v == fingerprint) {
                    return true;
                }
                if (v == 0) {
                    return false;
                }
            }
        }

        boolean add(long fingerprint) {
            long[] t = table;
            for (int i = home(fingerprint, t.length); ; i = i + 1 == t.length ? 0 : i + 1) {
                long v = t[i];
                if (v == fingerprint) {
                    return false;
                }
                if (v == 0) {
                    t[i] = fingerprint;
                    if (++size > limit) {
                        grow();
                    }
                    return true;
                }
            }
        }

        /** Grows by half: a finer step than doubling keeps the average load, and so the memory per entry, low. */
        private void grow() {
            long[] old = table;
            long bigger = Math.min(Integer.MAX_VALUE - 8L, old.length + (old.length >> 1) + 1);
            if (bigger <= old.length) {
                throw new IllegalStateException("fingerprint set segment is full (" + size + " entries)");
            }
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
