package io.zimmigrate.core.input;

import io.zimmigrate.core.model.Locator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of {@link CanonicalRecords#decodeLine}: reads a well-formed canonical record in one pass over the
 * line's UTF-8 bytes, with no parser to set up, no tree and no {@code String} of the whole line. It knows only the
 * shape of a canonical record (an object of known fields with string, whole-number, null, list-of-strings and
 * MessageBody values) and the JSON grammar those need.
 *
 * <p>It only ever <em>accepts</em>. A line it is not sure about (anything that is not plainly well-formed, a value
 * of another type, an unknown or repeated field, a media structure written as an object, a float, an escaped field
 * name, a huge line) makes it answer {@code null}, and the caller decodes that line with the tree-based reader,
 * which words every error. So every rejection keeps exactly its former rule and message, and
 * {@code StreamingDecodeDifferentialTest} checks that both readers give the same result for every line.
 *
 * <p>Non-ASCII bytes are accepted only inside strings, as well-formed UTF-8 (checked as they are met), so a line it
 * accepts is valid UTF-8 as a whole. Not thread-safe: one instance per line or per thread.
 */
final class CanonicalLineScanner {
    /** Longer lines go to the tree reader, whose parser limits (string and number lengths) then apply as before. */
    static final int MAX_FAST_LINE = 1 << 20;
    /** Integers of up to 18 digits always fit a {@code long}; longer ones go the careful way. */
    private static final int MAX_DIGITS = 18;

    private static final int ID = 1;
    private static final int GROUP_ID = 1 << 1;
    private static final int TO_USER_ID = 1 << 2;
    private static final int FROM_USER_ID = 1 << 3;
    private static final int MESSAGE_TYPE = 1 << 4;
    private static final int PRIORITY = 1 << 5;
    private static final int MESSAGE_BODY = 1 << 6;
    private static final int SUB_MSG_TYPE = 1 << 7;
    private static final int SEARCHED_CONTENT = 1 << 8;
    private static final int SEND_MESSAGE_TIME = 1 << 9;
    private static final int HIDDEN_FOR = 1 << 10;
    private static final int BODY_MESSAGE = 1 << 11;
    private static final int BODY_EXTENDED_DATA = 1 << 12;

    private static final byte[][] NAMES = names("Id", "GroupId", "ToUserId", "FromUserId", "MessageType", "Priority",
            "MessageBody", "SubMsgType", "SearchedContent", "SendMessageTime", "HiddenFor");
    private static final byte[] MESSAGE = "Message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXTENDED_DATA = "ExtendedData".getBytes(StandardCharsets.US_ASCII);

    /** Thrown to leave for the careful reader; preallocated, without a stack trace: it is control flow. */
    private static final class NotSimple extends Exception {
        private static final NotSimple INSTANCE = new NotSimple();

        private NotSimple() {
            super(null, null, false, false);
        }
    }

    private byte[] b;
    private int pos;
    private int end;
    /** Where the last scanned string's content starts and ends, and whether it held escapes or non-ASCII bytes. */
    private int textStart;
    private int textEnd;
    private boolean textEscaped;
    private boolean textAscii;
    /** Reused for strings with escapes; allocated on the first one (most lines have none). */
    private char[] unescaped;

    /** The record on {@code bytes[offset, offset + length)}, or null when the line needs the careful reader. */
    SourceRecord tryDecode(byte[] bytes, int offset, int length, Locator locator) {
        if (length > MAX_FAST_LINE) {
            return null;
        }
        b = bytes;
        pos = offset;
        end = offset + length;
        try {
            RawMessage m = record();
            return new SourceRecord.Readable(locator, m);
        } catch (NotSimple e) {
            return null;
        } finally {
            b = null;
        }
    }

    private RawMessage record() throws NotSimple {
        expect('{');
        RawMessage.Builder m = RawMessage.builder();
        int seen = 0;
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                int field = fieldName(NAMES);
                expect(':');
                int bit = 1 << field;
                if ((seen & bit) != 0) {
                    throw NotSimple.INSTANCE; // a repeated field
                }
                seen |= bit;
                switch (bit) {
                    case ID -> m.id(text());
                    case GROUP_ID -> m.groupId(text());
                    case TO_USER_ID -> m.toUserId(text());
                    case FROM_USER_ID -> m.fromUserId(text());
                    case MESSAGE_TYPE -> m.messageType(integer());
                    case PRIORITY -> m.priority(integer());
                    case SUB_MSG_TYPE -> m.subMsgType(integer());
                    case SEARCHED_CONTENT -> m.searchedContent(text());
                    case SEND_MESSAGE_TIME -> m.sendMessageTime(longValue());
                    case HIDDEN_FOR -> m.hiddenFor(textList());
                    case MESSAGE_BODY -> body(m);
                    default -> throw NotSimple.INSTANCE;
                }
                if (!commaOr('}')) {
                    break;
                }
            }
        }
        skipWhitespace();
        if (pos != end) {
            throw NotSimple.INSTANCE; // something after the record
        }
        return m.build();
    }

    private void body(RawMessage.Builder m) throws NotSimple {
        if (nullLiteral()) {
            return;
        }
        expect('{');
        if (peek() == '}') {
            pos++;
            return;
        }
        int seen = 0;
        while (true) {
            int bit;
            if (nameIs(MESSAGE)) {
                bit = BODY_MESSAGE;
            } else if (nameIs(EXTENDED_DATA)) {
                bit = BODY_EXTENDED_DATA;
            } else {
                throw NotSimple.INSTANCE;
            }
            expect(':');
            if ((seen & bit) != 0) {
                throw NotSimple.INSTANCE;
            }
            seen |= bit;
            if (bit == BODY_MESSAGE) {
                m.bodyMessage(text()); // an object here (a media structure) goes the careful way
            } else {
                m.bodyExtendedData(text());
            }
            if (!commaOr('}')) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ values

    private String text() throws NotSimple {
        if (nullLiteral()) {
            return null;
        }
        scanString();
        if (textEscaped) {
            return unescape();
        }
        return textAscii ? new String(b, textStart, textEnd - textStart, StandardCharsets.ISO_8859_1)
                : new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
    }

    private List<String> textList() throws NotSimple {
        if (nullLiteral()) {
            return null;
        }
        expect('[');
        List<String> out = new ArrayList<>(2);
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skipWhitespace();
            if (pos < end && b[pos] != '"') {
                throw NotSimple.INSTANCE; // null or another type in the list
            }
            out.add(text());
            if (!commaOr(']')) {
                return out;
            }
        }
    }

    private Integer integer() throws NotSimple {
        if (nullLiteral()) {
            return null;
        }
        long v = number();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw NotSimple.INSTANCE;
        }
        return (int) v;
    }

    private Long longValue() throws NotSimple {
        return nullLiteral() ? null : number();
    }

    /** A JSON integer: {@code -?(0|[1-9][0-9]*)}, not followed by a fraction or exponent, of at most 18 digits. */
    private long number() throws NotSimple {
        skipWhitespace();
        boolean negative = pos < end && b[pos] == '-';
        if (negative) {
            pos++;
        }
        int start = pos;
        long v = 0;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            v = v * 10 + (b[pos] - '0');
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > MAX_DIGITS || digits > 1 && b[start] == '0') {
            throw NotSimple.INSTANCE;
        }
        if (pos < end && (b[pos] == '.' || b[pos] == 'e' || b[pos] == 'E')) {
            throw NotSimple.INSTANCE; // a float: the careful reader reports the type
        }
        return negative ? -v : v;
    }

    /** Consumes {@code null} when it is the next value. */
    private boolean nullLiteral() throws NotSimple {
        skipWhitespace();
        if (pos < end && b[pos] == 'n') {
            if (pos + 4 <= end && b[pos + 1] == 'u' && b[pos + 2] == 'l' && b[pos + 3] == 'l') {
                pos += 4;
                return true;
            }
            throw NotSimple.INSTANCE;
        }
        return false;
    }

    // ------------------------------------------------------------------ strings and names

    /**
     * Scans a string literal, leaving its content's bounds in {@link #textStart}/{@link #textEnd}. Control
     * characters must be escaped; only JSON's escapes are allowed.
     */
    private void scanString() throws NotSimple {
        skipWhitespace();
        if (pos >= end || b[pos] != '"') {
            throw NotSimple.INSTANCE;
        }
        int i = ++pos;
        boolean escaped = false;
        boolean ascii = true;
        while (true) {
            if (i >= end) {
                throw NotSimple.INSTANCE;
            }
            int c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escaped = true;
                if (i + 1 >= end) {
                    throw NotSimple.INSTANCE;
                }
                byte e = b[i + 1];
                if (e == 'u') {
                    if (i + 6 > end || hex(b[i + 2]) < 0 || hex(b[i + 3]) < 0 || hex(b[i + 4]) < 0 || hex(b[i + 5]) < 0) {
                        throw NotSimple.INSTANCE;
                    }
                    i += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                    i += 2;
                } else {
                    throw NotSimple.INSTANCE;
                }
                continue;
            }
            if (c < 0) {
                ascii = false;
                i = utf8Sequence(i); // the only place non-ASCII bytes may be: check them here, once
                continue;
            }
            if (c < 0x20) {
                throw NotSimple.INSTANCE; // an unescaped control character
            }
            i++;
        }
        textStart = pos;
        textEnd = i;
        textEscaped = escaped;
        textAscii = ascii;
        pos = i + 1;
    }

    /**
     * The index after the well-formed UTF-8 sequence starting at {@code i} (Unicode Table 3-7, as {@link Utf8Bytes});
     * NotSimple for a malformed one, which the caller then reports as {@code record.utf8}.
     */
    private int utf8Sequence(int i) throws NotSimple {
        int c = b[i] & 0xff;
        int n;
        int min1 = 0x80;
        int max1 = 0xBF;
        if (c >= 0xC2 && c < 0xE0) {
            n = 1;
        } else if (c >= 0xE0 && c < 0xF0) {
            n = 2;
            min1 = c == 0xE0 ? 0xA0 : 0x80;
            max1 = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c < 0xF5) {
            n = 3;
            min1 = c == 0xF0 ? 0x90 : 0x80;
            max1 = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            throw NotSimple.INSTANCE;
        }
        if (i + n >= end) {
            throw NotSimple.INSTANCE;
        }
        int c1 = b[i + 1] & 0xff;
        if (c1 < min1 || c1 > max1) {
            throw NotSimple.INSTANCE;
        }
        for (int k = 2; k <= n; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                throw NotSimple.INSTANCE;
            }
        }
        return i + n + 1;
    }

    private String unescape() {
        String raw = textAscii ? null : new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
        int n = raw == null ? textEnd - textStart : raw.length();
        if (unescaped == null || unescaped.length < n) {
            unescaped = new char[Math.max(n, 64)];
        }
        char[] out = unescaped;
        int o = 0;
        for (int i = 0; i < n; ) {
            char c = raw == null ? (char) b[textStart + i] : raw.charAt(i);
            if (c != '\\') {
                out[o++] = c;
                i++;
                continue;
            }
            char e = raw == null ? (char) b[textStart + i + 1] : raw.charAt(i + 1);
            switch (e) {
                case 'u' -> {
                    int v = 0;
                    for (int k = 2; k < 6; k++) {
                        v = v << 4 | hex(raw == null ? b[textStart + i + k] : (byte) raw.charAt(i + k));
                    }
                    out[o++] = (char) v;
                    i += 6;
                    continue;
                }
                case 'b' -> out[o++] = '\b';
                case 'f' -> out[o++] = '\f';
                case 'n' -> out[o++] = '\n';
                case 'r' -> out[o++] = '\r';
                case 't' -> out[o++] = '\t';
                default -> out[o++] = e; // '"', '\\' or '/'
            }
            i += 2;
        }
        return new String(out, 0, o);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The index in {@code names} of the next field name (a plain string, no escapes), or NotSimple. */
    private int fieldName(byte[][] names) throws NotSimple {
        scanString();
        if (textEscaped) {
            throw NotSimple.INSTANCE;
        }
        int length = textEnd - textStart;
        for (int k = 0; k < names.length; k++) {
            if (names[k].length == length && same(names[k], textStart)) {
                return k;
            }
        }
        throw NotSimple.INSTANCE; // an unknown field: the careful reader names it
    }

    private boolean nameIs(byte[] name) throws NotSimple {
        int save = pos;
        scanString();
        if (!textEscaped && textEnd - textStart == name.length && same(name, textStart)) {
            return true;
        }
        pos = save;
        return false;
    }

    private boolean same(byte[] name, int at) {
        for (int i = 0; i < name.length; i++) {
            if (b[at + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ structure

    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        skipWhitespace();
        return pos < end ? b[pos] : -1;
    }

    private void expect(char c) throws NotSimple {
        if (peek() != c) {
            throw NotSimple.INSTANCE;
        }
        pos++;
    }

    /** After a value: true on ',' (another one follows), false on {@code close}; anything else is not simple. */
    private boolean commaOr(char close) throws NotSimple {
        int c = peek();
        if (c == ',') {
            pos++;
            return true;
        }
        if (c == close) {
            pos++;
            return false;
        }
        throw NotSimple.INSTANCE;
    }

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
