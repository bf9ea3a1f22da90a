package io.zimmigrate.core.table;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link PagedLongs} in half the bytes when its values fit an int, as a journal's ordinals (input positions) and
 * ZIM's sequences do: each value is kept as an int, and the rare one that does not fit is kept in a side map, its int
 * marking it. Same indexes and growth as {@link PagedLongs}; exact for every long. Not thread-safe.
 */
public final class CompactLongs {
    /** The int of a value kept in {@link #wide} (that value itself included). */
    private static final int WIDE = Integer.MIN_VALUE;

    private final PagedInts narrow = new PagedInts();
    private final Map<Integer, Long> wide = new HashMap<>();

    public long get(int i) {
        int v = narrow.get(i);
        return v != WIDE ? v : wide.get(i);
    }

    public void set(int i, long value) {
        if (value != WIDE && value == (int) value) {
            if (narrow.get(i) == WIDE) {
                wide.remove(i);
            }
            narrow.set(i, (int) value);
        } else {
            narrow.set(i, WIDE);
            wide.put(i, value);
        }
    }

    /** Makes index {@code i} usable (0), adding pages as needed. */
    public void reach(int i) {
        narrow.reach(i);
    }

    /** How many values do not fit an int. */
    int wideCount() {
        return wide.size();
    }

    public long bytes() {
        return narrow.bytes() + 64L * wide.size();
    }
}
