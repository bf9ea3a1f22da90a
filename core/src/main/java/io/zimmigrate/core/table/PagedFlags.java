package io.zimmigrate.core.table;

/**
 * A few flags per index ({@value #BITS} bits, values 0 to 3) packed 32 to a long, in pages as {@link PagedLongs}: a
 * journal's settled and named marks for millions of timelines take a quarter of a byte each, not an int's four
 * (issue #13). Not thread-safe.
 */
public final class PagedFlags {
    static final int BITS = 2;
    private static final int PER_LONG = 64 / BITS;
    private static final int VALUE = (1 << BITS) - 1;
    private final PagedLongs words = new PagedLongs();

    public int get(int i) {
        return (int) (words.get(i / PER_LONG) >>> shift(i)) & VALUE;
    }

    /** Sets index {@code i}'s flags to {@code value} (its low {@value #BITS} bits). */
    public void set(int i, int value) {
        int w = i / PER_LONG;
        long word = words.get(w) & ~((long) VALUE << shift(i));
        words.set(w, word | (long) (value & VALUE) << shift(i));
    }

    /** Makes index {@code i} usable (0), adding pages as needed. */
    public void reach(int i) {
        words.reach(i / PER_LONG);
    }

    public long bytes() {
        return words.bytes();
    }

    private static int shift(int i) {
        return (i % PER_LONG) * BITS;
    }
}
