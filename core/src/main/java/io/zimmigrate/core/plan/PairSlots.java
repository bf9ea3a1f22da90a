package io.zimmigrate.core.plan;

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
