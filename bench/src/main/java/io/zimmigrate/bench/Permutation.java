package io.zimmigrate.bench;

/**
 * A seeded bijection of {@code [0, n)}: a four-round Feistel network over the next power of four, walked until it
 * lands inside the range. Lets the generator write a shuffled export of any size in one streaming pass, with
 * constant memory, instead of holding every line to shuffle it.
 */
final class Permutation {
    private final long n;
    private final int halfBits;
    private final long halfMask;
    private final long[] keys = new long[4];

    Permutation(long n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive, not " + n);
        }
        this.n = n;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        long s = seed;
        for (int i = 0; i < keys.length; i++) {
            s = Mix.mix64(s + 0x9E3779B97F4A7C15L);
            keys[i] = s;
        }
    }

    /** The image of {@code i} (0 ≤ i < n); distinct inputs give distinct outputs. */
    long apply(long i) {
        long x = i;
        do {
            x = feistel(x);
        } while (x >= n); // cycle walking: the domain is at most 4n, so this ends after a few steps on average
        return x;
    }

    private long feistel(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (long key : keys) {
            long next = left ^ (Mix.mix64(right ^ key) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }
}
