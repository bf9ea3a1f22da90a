package io.zimmigrate.core.rules;

/** ZIM's size limits count UTF-8 bytes, not Java chars. Counting without allocating keeps validation cheap. */
public final class Utf8 {
    private Utf8() {}

    /** Number of bytes {@code s} takes in UTF-8; an unpaired surrogate counts as the 1-byte '?' Java would write. */
    public static int length(CharSequence s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Where {@code s} holds a UTF-16 surrogate without its partner (which has no UTF-8 form: Java would write '?'
     * and a JSON encoder U+FFFD), or -1 when it holds none. One pass, no allocation.
     */
    public static int firstLoneSurrogate(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * {@code s} with every lone surrogate written as the six characters {@code \}{@code uXXXX}: what we write
     * about an input (rejects, reports, journal) must stay valid UTF-8 whatever the input held. Returns {@code s}
     * itself, without copying, when it holds none (nearly always).
     */
    public static String encodable(String s) {
        int at = s == null ? -1 : firstLoneSurrogate(s);
        if (at < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 8).append(s, 0, at);
        for (int i = at, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
