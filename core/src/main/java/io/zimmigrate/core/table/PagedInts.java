package io.zimmigrate.core.table;

/** The int twin of {@link PagedLongs}: grows a page at a time, never copies itself. Not thread-safe. */
public final class PagedInts {
    private static final int PAGE_BITS = PagedLongs.PAGE_BITS;
    private static final int MASK = (1 << PAGE_BITS) - 1;

    private int[][] pages = new int[4][];
    private int pageCount;

    public int get(int i) {
        return pages[i >>> PAGE_BITS][i & MASK];
    }

    public void set(int i, int value) {
        pages[i >>> PAGE_BITS][i & MASK] = value;
    }

    public void increment(int i) {
        pages[i >>> PAGE_BITS][i & MASK]++;
    }

    /** Makes index {@code i} usable, adding pages as needed. */
    public void reach(int i) {
        int page = i >>> PAGE_BITS;
        while (pageCount <= page) {
            if (pageCount == pages.length) {
                pages = java.util.Arrays.copyOf(pages, pages.length * 2);
            }
            pages[pageCount++] = new int[1 << PAGE_BITS];
        }
    }

    /** Writes entries 0 to {@code count} - 1, a page at a time ({@link Columns}). */
    public void writeTo(java.io.DataOutput out, int count) throws java.io.IOException {
        for (int done = 0, p = 0; done < count; p++) {
            int n = Math.min((1 << PAGE_BITS), count - done);
            Columns.writeInts(out, pages[p], 0, n);
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
            int n = Math.min((1 << PAGE_BITS), count - done);
            Columns.readInts(in, pages[done >>> PAGE_BITS], 0, n);
            done += n;
        }
    }

    public long bytes() {
        return 4L * (1 << PAGE_BITS) * pageCount + 8L * pages.length;
    }
}
