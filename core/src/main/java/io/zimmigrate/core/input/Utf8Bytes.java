package io.zimmigrate.core.input;

/**
 * Checks that bytes are well-formed UTF-8 without decoding them, accepting exactly what Java's strict UTF-8
 * decoder accepts (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF, no cut
 * sequences). A line that passes can be handed to a byte-based JSON parser, which checks far less itself.
 */
final class Utf8Bytes {
    private Utf8Bytes() {}

    static boolean isValid(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int c = b[i];
            if (c >= 0) { // ASCII: by far the most common byte, one comparison
                i++;
                continue;
            }
            c &= 0xff;
            if (c < 0xC2) { // a continuation byte without a lead, or an overlong 2-byte form
                return false;
            }
            if (c < 0xE0) {
                if (i + 1 >= end || !continuation(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= end || !continuation(b[i + 1]) || !continuation(b[i + 2])) {
                    return false;
                }
                int c1 = b[i + 1] & 0xff;
                if (c == 0xE0 && c1 < 0xA0 || c == 0xED && c1 >= 0xA0) { // overlong, or a surrogate
                    return false;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= end || !continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                    return false;
                }
                int c1 = b[i + 1] & 0xff;
                if (c == 0xF0 && c1 < 0x90 || c == 0xF4 && c1 >= 0x90) { // overlong, or above U+10FFFF
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
