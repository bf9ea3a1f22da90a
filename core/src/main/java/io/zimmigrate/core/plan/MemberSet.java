package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.UserId;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A group's members as numbers in the plan's {@link UserTable}, in the order first seen: an int per member plus an
 * open-addressing table of them, about 10 bytes per membership instead of a {@code LinkedHashSet} entry and a
 * {@link UserId} each (about 100 bytes). Twenty thousand groups of a thousand members fit in 200 MB less.
 */
final class MemberSet extends AbstractSet<UserId> {
    private static final int EMPTY = -1;

    private final UserTable users;
    private int[] order = new int[4];
    private int size;
    private int[] slots = newSlots(8);

    MemberSet(UserTable users) {
        this.users = users;
    }

    @Override
    public boolean add(UserId user) {
        return addNumber(users.number(user));
    }

    boolean addNumber(int number) {
        int mask = slots.length - 1;
        int i = spread(number) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == number) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = number;
        if (size == order.length) {
            order = Arrays.copyOf(order, size + (size >> 1) + 4);
        }
        order[size++] = number;
        if (size * 3L > slots.length * 2L) {
            int[] table = newSlots(slots.length * 2);
            int m = table.length - 1;
            for (int k = 0; k < size; k++) {
                int j = spread(order[k]) & m;
                while (table[j] != EMPTY) {
                    j = (j + 1) & m;
                }
                table[j] = order[k];
            }
            slots = table;
        }
        return true;
    }

    @Override
    public boolean contains(Object o) {
        if (!(o instanceof UserId u) || !users.contains(u)) {
            return false;
        }
        int number = users.number(u);
        int mask = slots.length - 1;
        for (int i = spread(number) & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
            if (slots[i] == number) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<UserId> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public UserId next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return users.user(order[next++]);
            }
        };
    }

    private static int spread(int n) {
        return n * 0x9E3779B1;
    }

    private static int[] newSlots(int capacity) {
        int[] table = new int[capacity];
        Arrays.fill(table, EMPTY);
        return table;
    }
}
