package io.zimmigrate.core.table;

/**
 * A growable array of longs in fixed pages of {@value #PAGE} entries: growing adds a page, never copies the whole
 * array, so a table of millions of entries neither holds a half-empty tail nor needs twice its size for an instant
 * while it grows (issue #13: those peaks, not the entries, ran a 256 MiB heap out). Not thread-safe.
 */
public final class PagedLongs {
    static final int PAGE_BITS = 13;
    public static final int PAGE = 1 << PAGE_BITS;
    private static final int MASK = PAGE - 1;

    private long[][] pages = new long[4][];
    private int pageCount;

    public long get(int i) {
        return pages[i >>> PAGE_BITS][i & MASK];
    }

    public void set(int i, long value) {
        pages[i >>> PAGE_BITS][i & MASK] = value;
    }

    /** Makes index {@code i} usable, adding pages as needed. */
    public void reach(int i) {
        int page = i >>> PAGE_BITS;
        while (pageCount <= page) {
            if (pageCount == pages.length) {
                pages = java.util.Arrays.copyOf(pages, pages.length * 2); // references only: small
            }
            pages[pageCount++] = new long[PAGE];
        }
    }

    /** Writes entries 0 to {@code count} - 1, a page at a time ({@link Columns}). */
    public void writeTo(java.io.DataOutput out, int count) throws java.io.IOException {
        for (int done = 0, p = 0; done < count; p++) {
            int n = Math.min(PAGE, count - done);
            Columns.writeLongs(out, pages[p], 0, n);
            done += n;
        }
    }

    /**
     * Reads {@code count} entries into indexes 0 to {@code count} - 1, a page at a time, each page made as its
     * values arrive (a damaged count ends in an EOF, not in pages allocated ahead).
     */
    public void readFrom(java.io.DataInput in, int count) throws java.io.IOException {
        Columns.checkCount(count);
        for (int done = 0; done < count; ) {
            reach(done);
            int n = Math.min(PAGE, count - done);
            Columns.readLongs(in, pages[done >>> PAGE_BITS], 0, n);
            done += n;
        }
    }

    public long bytes() {
        return 8L * PAGE * pageCount + 8L * pages.length;
    }
}
