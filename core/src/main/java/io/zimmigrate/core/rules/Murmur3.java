package io.zimmigrate.core.rules;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x64 128 (seed 0) of a string's UTF-8 bytes, first 64 bits: the fingerprint {@link FingerprintSet}
 * keeps for each ID. ASCII strings (nearly every ID) are hashed straight from their chars, which are their UTF-8
 * bytes, so fingerprinting a record allocates nothing. Only ever compared within one run, never stored.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5af2f2ae2a27fL;

    private Murmur3() {}

    static long first64(String s) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) >= 0x80) {
                return first64(s.getBytes(StandardCharsets.UTF_8));
            }
        }
        long h1 = 0;
        long h2 = 0;
        int i = 0;
        for (; i + 16 <= length; i += 16) {
            h1 ^= mixK1(block(s, i));
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(block(s, i + 8));
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        long k1 = 0;
        long k2 = 0;
        for (int j = length - i - 1; j >= 0; j--) {
            if (j >= 8) {
                k2 |= (long) s.charAt(i + j) << (8 * (j - 8));
            } else {
                k1 |= (long) s.charAt(i + j) << (8 * j);
            }
        }
        return finish(h1, h2, k1, k2, length, i < length);
    }

    static long first64(byte[] b) {
        int length = b.length;
        long h1 = 0;
        long h2 = 0;
        int i = 0;
        for (; i + 16 <= length; i += 16) {
            h1 ^= mixK1(block(b, i));
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(block(b, i + 8));
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        long k1 = 0;
        long k2 = 0;
        for (int j = length - i - 1; j >= 0; j--) {
            if (j >= 8) {
                k2 |= (b[i + j] & 0xffL) << (8 * (j - 8));
            } else {
                k1 |= (b[i + j] & 0xffL) << (8 * j);
            }
        }
        return finish(h1, h2, k1, k2, length, i < length);
    }

    private static long finish(long h1, long h2, long k1, long k2, int length, boolean tail) {
        if (tail) {
            h1 ^= mixK1(k1);
            h2 ^= mixK2(k2);
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        return fmix64(h1) + fmix64(h2);
    }

    /** Eight chars (all below 0x80) as a little-endian long. */
    private static long block(String s, int at) {
        long k = 0;
        for (int j = 7; j >= 0; j--) {
            k = k << 8 | s.charAt(at + j);
        }
        return k;
    }

    private static long block(byte[] b, int at) {
        long k = 0;
        for (int j = 7; j >= 0; j--) {
            k = k << 8 | (b[at + j] & 0xffL);
        }
        return k;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
