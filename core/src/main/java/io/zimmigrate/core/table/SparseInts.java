package io.zimmigrate.core.table;

/**
 * An array of ints, 0 until set, in pages of {@value PagedLongs#PAGE} entries made only when a value other than 0 is
 * first written into them: a column of counts that stays 0 for most rows (a resume touches the few timelines it
 * still sends to; refusals are rare) costs a reference per page, not 4 bytes per row (issue #13). Not thread-safe.
 */
public final class SparseInts {
    private static final int PAGE_BITS = PagedLongs.PAGE_BITS;
    private static final int MASK = (1 << PAGE_BITS) - 1;

    private int[][] pages = new int[4][];
    private int pagesMade;

    public int get(int i) {
        int[] page = pages[i >>> PAGE_BITS];
        return page == null ? 0 : page[i & MASK];
    }

    public void set(int i, int value) {
        int[] page = pages[i >>> PAGE_BITS];
        if (page == null) {
            if (value == 0) {
                return;
            }
            page = pages[i >>> PAGE_BITS] = new int[1 << PAGE_BITS];
            pagesMade++;
        }
        page[i & MASK] = value;
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

    public long bytes() {
        return 4L * (1 << PAGE_BITS) * pagesMade + 8L * pages.length;
    }
}
