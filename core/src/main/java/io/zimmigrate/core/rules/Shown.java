package io.zimmigrate.core.rules;

/** Renders an offending value for an error message: quoted, control characters escaped, long values cut. */
public final class Shown {
    static final int MAX_CHARS = 40;

    private Shown() {}

    public static String value(String raw) {
        if (raw == null) {
            return "(absent)";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < raw.length() && shown < MAX_CHARS; i++, shown++) {
            char c = raw.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validPair(raw, i)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (raw.length() > MAX_CHARS) {
            out.append("… (").append(Utf8.length(raw)).append(" bytes)");
        }
        return out.toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
