package io.zimmigrate.core.table;

import java.util.HashMap;
import java.util.Map;

/**
 * A column of small counts, 0 until set: a byte per row, in pages of {@value PagedLongs#PAGE} rows made only when a
 * count other than 0 is first written into them (a resume counts the few timelines it still sends to). A count of
 * 255 or more keeps the byte {@link #ESCAPE} and its value in a map beside the pages: a run's counts of a timeline are
 * mostly under a dozen (a one-to-one view of the consumer shape holds about 5 calls), and a fresh run writes counts
 * of every timeline, so the int pages this replaced (4 bytes per row) were 32 MB of the 256 MiB heap at 4 M
 * timelines and two columns (issue #13). Counts are never negative. Not thread-safe.
 */
public final class SparseCounts {
    private static final int PAGE_BITS = PagedLongs.PAGE_BITS;
    private static final int MASK = (1 << PAGE_BITS) - 1;
    /** The byte of a count kept in {@link #large}; every smaller one is the count itself. */
    private static final int ESCAPE = 0xFF;
    /** Bytes one entry of {@link #large} takes, about (a node, two boxed ints, a slot): for {@link #bytes}. */
    private static final int LARGE_ENTRY_BYTES = 80;

    private byte[][] pages = new byte[4][];
    private int pagesMade;
    /** The counts of {@link #ESCAPE} or more, by row: a few timelines (a large group), not millions. */
    private final Map<Integer, Integer> large = new HashMap<>();

    public int get(int i) {
        byte[] page = pages[i >>> PAGE_BITS];
        if (page == null) {
            return 0;
        }
        int small = page[i & MASK] & 0xFF;
        return small == ESCAPE ? large.get(i) : small;
    }

    public void set(int i, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("a count is never negative: " + value + " at " + i);
        }
        byte[] page = pages[i >>> PAGE_BITS];
        if (page == null) {
            if (value == 0) {
                return;
            }
            page = pages[i >>> PAGE_BITS] = new byte[1 << PAGE_BITS];
            pagesMade++;
        }
        if (value >= ESCAPE) {
            large.put(i, value);
            page[i & MASK] = (byte) ESCAPE;
            return;
        }
        if ((page[i & MASK] & 0xFF) == ESCAPE) {
            large.remove(i);
        }
        page[i & MASK] = (byte) value;
    }

    public void increment(int i) {
        set(i, get(i) + 1);
    }

    /** Makes index {@code i} usable (its page reference; the page itself is made on the first write of a non-zero). */
    public void reach(int i) {
        int page = i >>> PAGE_BITS;
        if (page >= pages.length) {
            pages = java.util.Arrays.copyOf(pages, Math.max(pages.length * 2, page + 1)); // references only: small
        }
    }

    /** Writes rows 0 to {@code count} - 1 as ints, a page at a time: the bytes {@link PagedInts#writeTo} writes. */
    public void writeTo(java.io.DataOutput out, int count) throws java.io.IOException {
        int[] values = new int[Math.min(1 << PAGE_BITS, Math.max(count, 1))];
        for (int done = 0; done < count; ) {
            int n = Math.min(1 << PAGE_BITS, count - done);
            byte[] page = pages[done >>> PAGE_BITS];
            for (int k = 0; k < n; k++) { // a loop over the page, no call per row: millions of rows (P6)
                int small = page == null ? 0 : page[k] & 0xFF;
                values[k] = small == ESCAPE ? large.get(done + k) : small;
            }
            Columns.writeInts(out, values, 0, n);
            done += n;
        }
    }

    /**
     * Reads {@code count} ints as {@link #writeTo} wrote them into rows 0 to {@code count} - 1 (a fresh column), a page
     * at a time without a call per row: a resume reads millions of them before its first send (P6).
     */
    public void readFrom(java.io.DataInput in, int count) throws java.io.IOException {
        Columns.checkCount(count);
        int[] values = new int[Math.min(1 << PAGE_BITS, Math.max(count, 1))];
        for (int done = 0; done < count; ) {
            int n = Math.min(1 << PAGE_BITS, count - done);
            Columns.readInts(in, values, 0, n);
            reach(done + n - 1);
            byte[] page = pages[done >>> PAGE_BITS];
            for (int k = 0; k < n; k++) {
                int v = values[k];
                if (v == 0) {
                    continue;
                }
                if (page == null) {
                    page = pages[done >>> PAGE_BITS] = new byte[1 << PAGE_BITS];
                    pagesMade++;
                }
                if (v < 0) {
                    throw new java.io.IOException("a damaged count " + v + " at " + (done + k));
                }
                if (v >= ESCAPE) {
                    large.put(done + k, v);
                }
                page[k] = (byte) Math.min(v, ESCAPE);
            }
            done += n;
        }
    }

    public long bytes() {
        return (long) (1 << PAGE_BITS) * pagesMade + 8L * pages.length + (long) LARGE_ENTRY_BYTES * large.size();
    }
}
