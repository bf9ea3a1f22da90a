package io.zimmigrate.core.table;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Distinct strings (user IDs, timeline keys) numbered 0, 1, 2, ... in the order first seen, in a few bytes each
 * beyond the text itself: the texts as UTF-8 back to back in one byte arena, an int offset and an int hash per
 * entry, and an open-addressing table of entry numbers. No object per entry, so a plan of a million users or
 * timelines costs tens of megabytes, not hundreds (a {@code HashSet<String>} entry costs about 100 bytes).
 * Not thread-safe.
 */
public final class IdTable {
    private static final int EMPTY = -1;

    private byte[] arena = new byte[1024];
    private int arenaSize;
    private int[] starts = new int[64];
    private int[] hashes = new int[64];
    private int size;
    private int[] slots = newSlots(128);

    /** The number of {@code text}, numbering it next when it is new. */
    public int add(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int hash = hash(bytes);
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int entry = slots[i];
            if (entry == EMPTY) {
                return append(bytes, hash, i);
            }
            if (hashes[entry] == hash && sameText(entry, bytes)) {
                return entry;
            }
        }
    }

    /** The number of {@code text}, or -1 when it was never added. */
    public int indexOf(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return indexOf(bytes, 0, bytes.length);
    }

    /**
     * The number of the text whose UTF-8 bytes are {@code bytes} from {@code from}, {@code length} of them, or -1:
     * looked up in place, no string made (a resume passes over a million settled one-to-one messages by their users'
     * numbers, read from each encoded message: issue 15).
     */
    public int indexOf(byte[] bytes, int from, int length) {
        int hash = hash(bytes, from, from + length);
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int entry = slots[i];
            if (entry == EMPTY) {
                return -1;
            }
            if (hashes[entry] == hash && sameText(entry, bytes, from, from + length)) {
                return entry;
            }
        }
    }

    public String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int start = starts[index];
        int end = index + 1 < size ? starts[index + 1] : arenaSize;
        return new String(arena, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * Whether entry {@code index} is the text {@code s} holds from {@code from} to {@code to}, compared in place: no
     * string made, nothing hashed (a journal line's timeline number checked against its key, issue 15).
     */
    public boolean textIs(int index, String s, int from, int to) {
        int start = starts[index];
        int end = index + 1 < size ? starts[index + 1] : arenaSize;
        if (end - start < to - from) {
            return false; // every char takes at least a byte
        }
        int b = start;
        for (int i = from; i < to; i++, b++) {
            char c = s.charAt(i);
            if (c >= 0x80) { // not ASCII: compare the UTF-8 bytes
                byte[] rest = s.substring(i, to).getBytes(StandardCharsets.UTF_8);
                return Arrays.equals(arena, b, end, rest, 0, rest.length);
            }
            if (b >= end || arena[b] != c) {
                return false;
            }
        }
        return b == end;
    }

    /**
     * Writes the table as it sits in memory: the texts' bytes, each entry's start and hash, and the open-addressing
     * slots, so that {@link #readFrom} gets it back as arrays in one pass, with no text hashed and no slot probed
     * (issue 15: a kept plan's 500,000 users were hashed and inserted one by one at every resume). The slots depend on
     * {@link #hash}: a change to it changes what this writes (a kept plan's header format then changes too).
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(size);
        out.writeInt(arenaSize);
        out.write(arena, 0, arenaSize);
        Columns.writeInts(out, starts, 0, size);
        Columns.writeInts(out, hashes, 0, size);
        out.writeInt(slots.length);
        Columns.writeInts(out, slots, 0, slots.length);
    }

    /**
     * A table as {@link #writeTo} wrote it. What it read is checked for shape (starts in order within the texts,
     * slots a power of two with room to spare, each slot empty or an entry, every entry in one slot), not every text
     * against its hash: the kept plan's checksum covers the bytes.
     */
    public static IdTable readFrom(DataInput in) throws IOException {
        int size = in.readInt();
        int arenaSize = in.readInt();
        IdTable t = new IdTable();
        t.arena = Columns.readBytes(in, arenaSize);
        t.arenaSize = arenaSize;
        t.starts = Columns.readInts(in, size);
        t.hashes = Columns.readInts(in, size);
        t.size = size;
        int capacity = in.readInt();
        if (capacity < 1 || Integer.bitCount(capacity) != 1 || size * 3L > capacity * 2L) {
            throw new IOException("a damaged table of " + size + " IDs in " + capacity + " slots");
        }
        t.slots = Columns.readInts(in, capacity);
        for (int i = 0; i < size; i++) {
            int end = i + 1 < size ? t.starts[i + 1] : arenaSize;
            if (t.starts[i] < 0 || t.starts[i] > end) {
                throw new IOException("a damaged table of IDs: entry " + i + " starts at " + t.starts[i]);
            }
        }
        int used = 0;
        for (int e : t.slots) {
            if (e < EMPTY || e >= size) {
                throw new IOException("a damaged table of IDs: a slot holds entry " + e);
            }
            used += e == EMPTY ? 0 : 1;
        }
        if (used != size) {
            throw new IOException("a damaged table of IDs: " + used + " slots hold its " + size + " entries");
        }
        return t;
    }

    public int size() {
        return size;
    }

    /** Bytes held, for docs/performance.md's per-entry figures. */
    public long bytes() {
        return arena.length + 4L * starts.length + 4L * hashes.length + 4L * slots.length;
    }

    private int append(byte[] bytes, int hash, int slot) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, grown(starts.length));
            hashes = Arrays.copyOf(hashes, starts.length);
        }
        if ((long) arenaSize + bytes.length > arena.length) {
            long wanted = Math.max((long) arenaSize + bytes.length, (long) arena.length + (arena.length >> 1));
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("more than 2 GiB of IDs in one table");
            }
            arena = Arrays.copyOf(arena, (int) wanted);
        }
        System.arraycopy(bytes, 0, arena, arenaSize, bytes.length);
        starts[size] = arenaSize;
        hashes[size] = hash;
        arenaSize += bytes.length;
        slots[slot] = size;
        size++;
        if (size * 3L > slots.length * 2L) { // load above 2/3: double the table
            rehash();
        }
        return size - 1;
    }

    private void rehash() {
        int[] table = newSlots(slots.length * 2);
        int mask = table.length - 1;
        for (int entry = 0; entry < size; entry++) {
            int i = hashes[entry] & mask;
            while (table[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            table[i] = entry;
        }
        slots = table;
    }

    private boolean sameText(int entry, byte[] bytes) {
        return sameText(entry, bytes, 0, bytes.length);
    }

    private boolean sameText(int entry, byte[] bytes, int from, int to) {
        int start = starts[entry];
        int end = entry + 1 < size ? starts[entry + 1] : arenaSize;
        return Arrays.equals(arena, start, end, bytes, from, to);
    }

    /**
     * The string hash through MurmurHash3's 32-bit finaliser, so every bit reaches the low bits the mask keeps: IDs
     * that differ only in a trailing number hash close together, and a lighter mix left them in clusters (211 slots
     * probed per lookup for 20,000 group keys; 1.7 now). A bijection, so distinct hashes stay distinct.
     */
    private static int hash(byte[] bytes) {
        return hash(bytes, 0, bytes.length);
    }

    /** {@link #hash(byte[])} of the bytes from {@code from} to {@code to}: the same as of a copy of them. */
    private static int hash(byte[] bytes, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i]; // Arrays.hashCode, over a range
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** How many slots a lookup of {@code text} visits (tests: the hash must spread keys). */
    int probes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int hash = hash(bytes);
        int mask = slots.length - 1;
        int visited = 1;
        for (int i = hash & mask; slots[i] != EMPTY && !(hashes[slots[i]] == hash && sameText(slots[i], bytes));
                i = (i + 1) & mask) {
            visited++;
        }
        return visited;
    }

    private static int grown(int length) {
        return length + (length >> 1) + 16;
    }

    private static int[] newSlots(int capacity) {
        int[] table = new int[capacity];
        Arrays.fill(table, EMPTY);
        return table;
    }
}
