package io.zimmigrate.core.table;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * The 64-bit fingerprint {@link FingerprintSet} keeps for a string: Guava's FarmHash Fingerprint64 of its UTF-8
 * bytes, a function Guava documents as stable across releases and meant exactly for this. An instance reuses one
 * buffer for ASCII text (nearly every ID), so fingerprinting a record allocates no array; it is therefore not
 * thread-safe. Fingerprints are only compared within one run, never stored.
 */
final class TextFingerprint {
    private static final HashFunction FARM = Hashing.farmHashFingerprint64();

    private byte[] ascii = new byte[64];

    /** The fingerprint of {@code text}, using this instance's buffer. */
    long of(String text) {
        int n = text.length();
        if (n > ascii.length) {
            ascii = new byte[Math.max(n, 2 * ascii.length)];
        }
        byte[] b = ascii;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return ofAnyText(text);
            }
            b[i] = (byte) c; // an ASCII char is its own UTF-8 byte
        }
        return FARM.hashBytes(b, 0, n).asLong();
    }

    /** The same fingerprint without a buffer: one array for the UTF-8 bytes. */
    static long ofAnyText(String text) {
        return FARM.hashBytes(text.getBytes(StandardCharsets.UTF_8)).asLong();
    }
}
