package io.zimmigrate.core.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * A quick reader for the lines {@link JournalEntry#toLine()} writes: a flat JSON array of strings and whole numbers,
 * without spaces. A resume replays thousands of them before its first send, and building a Jackson tree per line
 * (plus loading Jackson's databind on a cold JVM) cost more than the rest of the replay. Anything else (spaces, other
 * value kinds, a torn line) returns null, and the caller falls back to Jackson, so what counts as a valid line is
 * unchanged.
 */
final class JournalLines {
    private JournalLines() {}

    /** Jackson, loaded only when a line is not in our exact form (its databind costs ~0.4 s on a cold JVM). */
    static final class Jackson {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

        private Jackson() {}
    }

    /** Builds one line: strings escaped as JSON requires (quote, backslash, control characters), numbers as is. */
    static final class Line {
        private final StringBuilder out = new StringBuilder(64).append('[');
        private boolean first = true;

        Line add(String s) {
            separate();
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
            return this;
        }

        Line add(long n) {
            separate();
            out.append(n);
            return this;
        }

        private void separate() {
            if (!first) {
                out.append(',');
            }
            first = false;
        }

        @Override
        public String toString() {
            return out + "]";
        }
    }

    /** The array's values (String or Long), or null if the line is not in the exact form we write. */
    static List<Object> values(String line) {
        int n = line.length();
        if (n < 2 || line.charAt(0) != '[' || line.charAt(n - 1) != ']') {
            return null;
        }
        List<Object> out = new ArrayList<>(6);
        int i = 1;
        if (i == n - 1) {
            return out;
        }
        String[] text = new String[1];
        long[] number = new long[1];
        while (true) {
            char c = line.charAt(i);
            if (c == '"') {
                i = string(line, i, text);
                if (i < 0) {
                    return null;
                }
                out.add(text[0]);
            } else {
                i = number(line, i, number);
                if (i < 0) {
                    return null;
                }
                out.add(number[0]);
            }
            if (i == n - 1) {
                return out;
            }
            if (line.charAt(i) != ',') {
                return null;
            }
            i++;
            if (i >= n - 1) {
                return null;
            }
        }
    }

    /**
     * Reads the string whose opening quote is at {@code i} of {@code line} (an array, its ']' last) into {@code out[0]};
     * returns the index after its closing quote, or -1 when it is not in our exact form.
     */
    static int string(String line, int i, String[] out) {
        int n = line.length();
        StringBuilder s = null;
        int start = ++i;
        while (true) {
            if (i >= n - 1) {
                return -1;
            }
            char c = line.charAt(i);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                if (s == null) {
                    s = new StringBuilder(line.length());
                }
                s.append(line, start, i);
                if (i + 1 >= n - 1) {
                    return -1;
                }
                char e = line.charAt(i + 1);
                switch (e) {
                    case '"', '\\', '/' -> s.append(e);
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'u' -> {
                        if (i + 6 > n - 1) {
                            return -1;
                        }
                        int v = 0;
                        for (int k = i + 2; k < i + 6; k++) {
                            int d = Character.digit(line.charAt(k), 16);
                            if (d < 0) {
                                return -1;
                            }
                            v = v * 16 + d;
                        }
                        s.append((char) v);
                        i += 4;
                    }
                    default -> {
                        return -1;
                    }
                }
                i += 2;
                start = i;
                continue;
            }
            i++;
        }
        out[0] = s == null ? line.substring(start, i) : s.append(line, start, i).toString();
        return i + 1;
    }

    /**
     * Reads the whole number starting at {@code i} of {@code line} (an array, its ']' last) into {@code out[0]};
     * returns the index after it, or -1 when there is none there in our exact form.
     */
    static int number(String line, int i, long[] out) {
        int n = line.length();
        char c = line.charAt(i);
        if (c != '-' && (c < '0' || c > '9')) {
            return -1;
        }
        if (c == '-') {
            i++;
        }
        int digits = i;
        long value = 0; // summed as read (not read again by Long.parseLong); 18 digits never overflow
        for (char d; i < n - 1 && (d = line.charAt(i)) >= '0' && d <= '9'; i++) {
            value = value * 10 + (d - '0');
        }
        if (i == digits || i - digits > 18 || i - digits > 1 && line.charAt(digits) == '0') {
            return -1; // no digits, possibly beyond a long, or a leading zero: let Jackson judge
        }
        out[0] = c == '-' ? -value : value;
        return i;
    }
}
