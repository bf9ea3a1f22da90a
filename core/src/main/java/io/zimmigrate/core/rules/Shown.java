package io.zimmigrate.core.rules;

/**
 * Renders an offending value for an error message: quoted, long values cut, and every character that could
 * upset a terminal or a log line escaped as {@code \}{@code uXXXX}: C0 and C1 controls (ESC, CSI, …), DEL, line
 * and paragraph separators, invisible format characters (bidi overrides) and unpaired surrogates.
 */
public final class Shown {
    static final int MAX_CHARS = 40;

    private Shown() {}

    public static String value(String raw) {
        if (raw == null) {
            return "(absent)";
        }
        StringBuilder out = new StringBuilder("\"");
        int i = 0;
        for (int shown = 0; i < raw.length() && shown < MAX_CHARS; shown++) {
            int cp = raw.codePointAt(i);
            int width = Character.charCount(cp);
            if (cp == '"' || cp == '\\') {
                out.append('\\').append((char) cp);
            } else if (unsafe(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                // A whole code point at a time, so the cut never splits a surrogate pair.
                out.appendCodePoint(cp);
            }
            i += width;
        }
        out.append('"');
        if (i < raw.length()) {
            out.append("… (").append(Utf8.length(raw)).append(" bytes)");
        }
        return out.toString();
    }

    private static boolean unsafe(int cp) {
        if (cp < 0x20 || cp >= 0x7f && cp <= 0x9f) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.SURROGATE // only unpaired ones reach here: codePointAt joins pairs
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
