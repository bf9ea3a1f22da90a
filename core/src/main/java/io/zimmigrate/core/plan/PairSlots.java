package io.zimmigrate.core.plan;

import io.zimmigrate.core.table.Columns;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Open addressing over the one-to-one views of a {@link TimelineTable}: each slot holds an entry number, found by
 * the view's identity (its two users' numbers in one {@code long}), which the table keeps; no object per view.
 * Allocation-free lookups: {@link #slotOf} gives the slot that holds the identity or the empty one where it goes.
 */
final class PairSlots {
    static final int EMPTY = -1;

    private final IntToLongFunction identityOf;
    private int[] slots = newSlots(64);
    private int count;

    /** {@code identityOf}: the identity of an entry number. */
    PairSlots(IntToLongFunction identityOf) {
        this.identityOf = identityOf;
    }

    private PairSlots(IntToLongFunction identityOf, int[] slots, int count) {
        this.identityOf = identityOf;
        this.slots = slots;
        this.count = count;
    }

    /** Writes the slots as they sit in memory ({@link #readFrom}: read back without probing; they follow {@link #spread}). */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(count);
        out.writeInt(slots.length);
        Columns.writeInts(out, slots, 0, slots.length);
    }

    /**
     * Slots as {@link #writeTo} wrote them, over entries numbered below {@code entries}: checked for shape (a power of
     * two with room to spare, each slot empty or an entry, {@code count} of them used).
     */
    static PairSlots readFrom(DataInput in, IntToLongFunction identityOf, int entries) throws IOException {
        int count = in.readInt();
        int capacity = in.readInt();
        if (count < 0 || count > entries || capacity < 1 || Integer.bitCount(capacity) != 1
                || count * 3L > capacity * 2L) {
            throw new IOException("damaged one-to-one slots: " + count + " in " + capacity);
        }
        int[] slots = Columns.readInts(in, capacity);
        int used = 0;
        for (int e : slots) {
            if (e < EMPTY || e >= entries) {
                throw new IOException("damaged one-to-one slots: one holds entry " + e);
            }
            used += e == EMPTY ? 0 : 1;
        }
        if (used != count) {
            throw new IOException("damaged one-to-one slots: " + used + " used, " + count + " said");
        }
        return new PairSlots(identityOf, slots, count);
    }

    /** The slot holding the entry of identity {@code id}, or the empty slot where it would go. */
    int slotOf(long id) {
        int mask = slots.length - 1;
        for (int s = spread(id) & mask; ; s = (s + 1) & mask) {
            int e = slots[s];
            if (e == EMPTY || identityOf.applyAsLong(e) == id) {
                return s;
            }
        }
    }

    /** The entry in {@code slot}, or {@link #EMPTY}. */
    int entryAt(int slot) {
        return slots[slot];
    }

    /** Puts {@code entry} into the empty {@code slot} {@link #slotOf} gave; grows past two thirds full. */
    void put(int slot, int entry) {
        slots[slot] = entry;
        if (++count * 3L > slots.length * 2L) {
            rehash();
        }
    }

    long bytes() {
        return 4L * slots.length;
    }

    private void rehash() {
        int[] table = newSlots(slots.length * 2);
        int mask = table.length - 1;
        for (int e : slots) {
            if (e != EMPTY) {
                int s = spread(identityOf.applyAsLong(e)) & mask;
                while (table[s] != EMPTY) {
                    s = (s + 1) & mask;
                }
                table[s] = e;
            }
        }
        slots = table;
    }

    private static int spread(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static int[] newSlots(int capacity) {
        int[] table = new int[capacity];
        Arrays.fill(table, EMPTY);
        return table;
    }
}
