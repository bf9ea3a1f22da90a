package io.zimmigrate.core.rules;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import java.util.ArrayList;
import java.util.List;

/**
 * ZIM's identifier rules for user and group IDs (zim-api.md §5): 1 to 32 UTF-8 bytes, English letters,
 * digits and {@code ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~}. The import pages also allow a
 * space, the registration page does not; since an ID must be registrable to be imported, space is refused
 * unless {@link #allowingSpace()} is chosen.
 */
public final class IdRules {
    public static final int MAX_BYTES = 32;
    /** The punctuation every ZIM page agrees on. */
    public static final String PUNCTUATION = "!#$%&()+-:;<=.>?@[]^_{}|~";

    public static final String RULE_REQUIRED = "id.required";
    public static final String RULE_LENGTH = "id.length";
    public static final String RULE_CHARSET = "id.charset";
    public static final String RULE_LEADING_HASH = "id.leading-hash";

    private static final IdRules STRICT = new IdRules(false);
    private static final IdRules WITH_SPACE = new IdRules(true);
    /** The allowed ASCII characters as 128 bits, for the one-pass check of ordinary IDs. */
    private static final long[] ASCII_STRICT = asciiBitmap(STRICT);
    private static final long[] ASCII_WITH_SPACE = asciiBitmap(WITH_SPACE);

    private final boolean allowSpace;

    private IdRules(boolean allowSpace) {
        this.allowSpace = allowSpace;
    }

    /** The default: the intersection of all ZIM pages, no space. */
    public static IdRules strict() {
        return STRICT;
    }

    /** The import pages' reading: space allowed too. */
    public static IdRules allowingSpace() {
        return WITH_SPACE;
    }

    public static IdRules of(boolean allowSpace) {
        return allowSpace ? WITH_SPACE : STRICT;
    }

    public boolean allowsSpace() {
        return allowSpace;
    }

    public boolean isAllowed(int codePoint) {
        return codePoint >= 'a' && codePoint <= 'z'
                || codePoint >= 'A' && codePoint <= 'Z'
                || codePoint >= '0' && codePoint <= '9'
                || codePoint < 0x80 && PUNCTUATION.indexOf(codePoint) >= 0
                || allowSpace && codePoint == ' ';
    }

    /** Checks {@code raw} as a user ID in {@code field}: the ID, or the violations naming the field. */
    public Checked<UserId> user(String field, String raw) {
        List<Violation> violations = checkUser(field, raw);
        return violations.isEmpty() ? Checked.valid(new UserId(raw)) : Checked.invalid(violations);
    }

    /** Checks {@code raw} as a group ID in {@code field}: the ID, or the violations naming the field. */
    public Checked<GroupId> group(String field, String raw) {
        List<Violation> violations = checkGroup(field, raw);
        return violations.isEmpty() ? Checked.valid(new GroupId(raw)) : Checked.invalid(violations);
    }

    /** Every violation of a user ID in {@code field}; empty when valid. */
    public List<Violation> checkUser(String field, String value) {
        return check(field, value, false);
    }

    /** Every violation of a group ID in {@code field}; empty when valid. Group IDs must not start with '#'. */
    public List<Violation> checkGroup(String field, String value) {
        return check(field, value, true);
    }

    private List<Violation> check(String field, String value, boolean group) {
        if (isPlainValid(value, group)) {
            return List.of(); // the common case, answered in one pass without allocating
        }
        List<Violation> found = new ArrayList<>(1);
        if (value == null || value.isEmpty()) {
            found.add(new Violation(field, RULE_REQUIRED, "is required and must not be empty"));
            return found;
        }
        int bytes = Utf8.length(value);
        if (bytes > MAX_BYTES) {
            found.add(new Violation(field, RULE_LENGTH,
                    Shown.value(value) + " is " + bytes + " bytes; at most " + MAX_BYTES + " UTF-8 bytes are allowed"));
        }
        int bad = firstForbidden(value);
        if (bad >= 0) {
            found.add(new Violation(field, RULE_CHARSET, Shown.value(value) + " contains " + describe(bad)
                    + "; allowed are letters, digits and " + PUNCTUATION + (allowSpace ? " and space" : "")));
        }
        if (group && value.charAt(0) == '#') {
            found.add(new Violation(field, RULE_LEADING_HASH,
                    Shown.value(value) + " starts with '#', which ZIM reserves for the IDs it generates"));
        }
        return found;
    }

    /** True for a non-empty ID of at most {@value #MAX_BYTES} allowed ASCII characters (one byte each). */
    private boolean isPlainValid(String value, boolean group) {
        int n = value == null ? 0 : value.length();
        if (n == 0 || n > MAX_BYTES || group && value.charAt(0) == '#') {
            return false;
        }
        long[] allowed = allowSpace ? ASCII_WITH_SPACE : ASCII_STRICT;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 128 || (allowed[c >>> 6] & 1L << c) == 0) {
                return false;
            }
        }
        return true;
    }

    private static long[] asciiBitmap(IdRules rules) {
        long[] bits = new long[2];
        for (int c = 0; c < 128; c++) {
            if (rules.isAllowed(c)) {
                bits[c >>> 6] |= 1L << c;
            }
        }
        return bits;
    }

    private int firstForbidden(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (!isAllowed(cp)) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static String describe(int codePoint) {
        if (codePoint == ' ') {
            return "a space";
        }
        if (codePoint < 0x20 || codePoint == 0x7f || Character.isSurrogate((char) codePoint) && codePoint <= 0xffff) {
            return String.format("the control or invalid character U+%04X", codePoint);
        }
        return String.format("the character '%s' (U+%04X)", new String(Character.toChars(codePoint)), codePoint);
    }
}
