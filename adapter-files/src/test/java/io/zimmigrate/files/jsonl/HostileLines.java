package io.zimmigrate.files.jsonl;

import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.rules.BodyRules;
import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.validation.MessageRules;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The lines {@link HostileLinesFuzzTest} writes, as QuickTheories generators: good messages of every shape (IDs
 * unique to their line, fields in a seeded order), and bad ones, each breaking one named rule (broken JSON, wrong
 * types, unknown fields, deep nesting, missing fields, control characters, forbidden ID characters, huge strings,
 * invalid UTF-8, out-of-window and future times, no conversation), blank lines and duplicates of an earlier ID.
 */
final class HostileLines {
    /** Line cap of the source under test: small enough that a too-long line is cheap to write. */
    static final int CAP = 64 * 1024;
    static final long NOW = 1_795_000_000_000L;
    private static final long DAY = RetentionWindow.DAY_MILLIS;
    static final String BLANK = "(blank)";
    static final String DUPLICATE = "(duplicate)";

    private HostileLines() {}

    /** What one line must become: a planned message with this body (rule null), a rejection for rule, or nothing. */
    record Line(String kind, byte[] bytes, String rule, String body) {
        @Override
        public String toString() {
            String shown = new String(bytes, StandardCharsets.UTF_8);
            return kind + (rule == null ? "" : "→" + rule) + ": "
                    + (shown.length() > 120 ? shown.substring(0, 120) + "…(" + bytes.length + " bytes)" : shown);
        }
    }

    /** A line to be written as the {@code n}-th line of a file. */
    interface Recipe {
        Line render(int n);
    }

    // ---------------------------------------------------------------- good lines

    /** The parameters of a valid message; {@link #fields} renders them with IDs unique to the line. */
    record Good(int shape, String text, long ageMillis, int priority, boolean extras, boolean spaced, long order) {
        /** Raw JSON per field, in a seeded order (decoders must not depend on it). */
        Map<String, String> fields(int n) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("Id", q("m" + n));
            f.put("FromUserId", q("u" + n));
            switch (shape) {
                case 0 -> f.put("GroupId", q("g" + n % 7));
                case 1 -> {
                    f.put("ToUserId", q("v" + n));
                    if (extras) {
                        f.put("HiddenFor", "[" + q("u" + n) + "]");
                    }
                }
                default -> f.put("GroupId", q("g" + n % 3));
            }
            f.put("MessageType", shape == 2 ? "200" : "1");
            if (shape == 2) {
                f.put("SubMsgType", String.valueOf(priority * 50));
                f.put("SearchedContent", q("find " + n));
            } else if (extras) {
                f.put("SubMsgType", "null");
            }
            if (priority > 0) {
                f.put("Priority", String.valueOf(priority));
            }
            f.put("MessageBody", "{" + q("Message") + ":" + q(text) + (extras ? "," + q("ExtendedData") + ":" + q("x" + n) : "")
                    + "}");
            f.put("SendMessageTime", String.valueOf(ageMillis < 0 ? 0 : NOW - ageMillis));
            return shuffled(f, order);
        }

        String separator() {
            return spaced ? ", " : ",";
        }
    }

    private static Map<String, String> shuffled(Map<String, String> f, long seed) {
        if (seed == 0) {
            return f;
        }
        List<String> names = new ArrayList<>(f.keySet());
        Collections.shuffle(names, new Random(seed));
        Map<String, String> out = new LinkedHashMap<>();
        names.forEach(k -> out.put(k, f.get(k)));
        return out;
    }

    private static String render(Map<String, String> fields, String separator) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(separator);
            }
            b.append(q(k)).append(':').append(v);
        });
        return b.append('}').toString();
    }

    /** JSON string literal; control characters escaped, everything else written as itself. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Body text: ASCII, accented and CJK letters, emoji (4-byte UTF-8), quotes, backslashes, control characters. */
    private static Gen<String> texts() {
        Gen<String> pieces = Generate.pick(List.of("hi", "Grüße", "日本語", "😀🎉", "\"quoted\"", "back\\slash", "tab\there",
                "line\nbreak", "esc\u001b[31m", " ", "x", "{\"a\":1}", "\u00e9t\u00e9", "</script>"));
        return lists().of(pieces).ofSizeBetween(1, 6).map(l -> String.join("", l));
    }

    private static Gen<Good> goods() {
        return Generate.range(0, 2).zip(texts(), Generate.oneOf(Generate.longRange(0, 29 * DAY), Generate.constant(-1L)),
                Generate.range(0, 3), (shape, text, age, priority) -> new Object[] {shape, text, age, priority})
                .zip(Generate.booleans(), Generate.booleans(), Generate.longRange(0, 1000), (a, extras, spaced, order) ->
                        new Good((Integer) a[0], (String) a[1], (Long) a[2], (Integer) a[3], extras, spaced, order));
    }

    private static Gen<Recipe> goodLines() {
        return goods().map(g -> n -> new Line("good", utf8(render(g.fields(n), g.separator())), null, g.text()));
    }

    // ---------------------------------------------------------------- bad lines

    /** A good message with one field replaced (or removed, when the value is null), breaking {@code rule}. */
    private static Gen<Recipe> withField(String kind, String rule, Gen<String> field, Gen<String> value) {
        return goods().zip(field, value, (g, name, v) -> n -> {
            Map<String, String> f = g.fields(n);
            if (name.equals("GroupId")) {
                f.remove("ToUserId"); // else the conversation rule fires and the group ID is not looked at
                f.remove("HiddenFor");
            }
            if (v == null) {
                f.remove(name);
            } else {
                f.put(name, v);
            }
            return new Line(kind + ":" + name, utf8(render(f, g.separator())), rule, null);
        });
    }

    private static Gen<Recipe> withField(String kind, String rule, String field, Gen<String> value) {
        return withField(kind, rule, Generate.constant(field), value);
    }

    /** A good message's JSON text changed by {@code edit}. */
    private static Gen<Recipe> edited(String kind, String rule, Gen<Function<String, byte[]>> edit) {
        return goods().zip(edit, (g, e) -> n -> new Line(kind, e.apply(render(g.fields(n), g.separator())), rule, null));
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static Gen<Recipe> badLines() {
        List<Gen<Recipe>> all = new ArrayList<>();
        // Broken JSON: cut short (ASCII text only, so the cut never splits a character), junk after, duplicate keys.
        all.add(goods().zip(Generate.range(1, 1000), (g, at) -> n -> {
            Good ascii = new Good(g.shape(), "plain text", g.ageMillis(), g.priority(), g.extras(), g.spaced(), g.order());
            String json = render(ascii.fields(n), ascii.separator());
            return new Line("cut", utf8(json.substring(0, 1 + at % (json.length() - 1))), CanonicalRecords.RULE_JSON, null);
        }));
        all.add(edited("junk", CanonicalRecords.RULE_JSON, Generate.pick(List.of(" x", "}", " {}", ",", " 1", "]", "{", " \"s\""))
                .map(junk -> json -> utf8(json + junk))));
        all.add(edited("dup-key", CanonicalRecords.RULE_JSON, Generate.pick(List.of("Id", "MessageType", "Zz"))
                .map(k -> json -> utf8("{" + q(k) + ":" + q("a") + "," + q(k) + ":" + q("b") + "," + json.substring(1)))));
        all.add(edited("bare", CanonicalRecords.RULE_JSON, Generate.pick(List.of("{Id:1}", "{'Id':'x'}", "{\"Id\":\"x\" \"G\":1}",
                "{\"Id\":01}", "{\"Id\":NaN}", "{\"Id\":\"x\",}", "{/*c*/}", "{\"Id\":\"\\x\"}", "{\"Id\":tru}"))
                .map(s -> json -> utf8(s))));
        // Not one object.
        all.add(edited("not-object", CanonicalRecords.RULE_NOT_OBJECT, Generate.pick(List.of("[1,2]", "\"str\"", "42", "null",
                "true", "[]", "-1.5e3", "[{\"Id\":\"x\"}]")).map(s -> json -> utf8(s))));
        // Wrong JSON types.
        all.add(withField("type", CanonicalRecords.RULE_FIELD_TYPE, Generate.pick(List.of("Id", "FromUserId", "GroupId",
                "SearchedContent")), Generate.pick(List.of("1", "true", "{}", "[\"a\"]", "1.5", "-0"))));
        all.add(withField("type", CanonicalRecords.RULE_FIELD_TYPE, Generate.pick(List.of("MessageType", "Priority",
                "SendMessageTime", "SubMsgType")), Generate.pick(List.of("\"1\"", "1.5", "true", "{}", "[1]", "1e3",
                "123456789012345678901234567890"))));
        all.add(withField("type", CanonicalRecords.RULE_FIELD_TYPE, "MessageType", Generate.constant("4294967297")));
        all.add(withField("type", CanonicalRecords.RULE_FIELD_TYPE, "HiddenFor", Generate.pick(List.of("\"u\"", "[1]",
                "[\"u\",null]", "{}", "[[]]", "7"))));
        all.add(withField("type", CanonicalRecords.RULE_FIELD_TYPE, "MessageBody", Generate.pick(List.of("\"hi\"", "[]", "1",
                "{\"Message\":1}", "{\"Message\":\"hi\",\"ExtendedData\":{}}", "{\"Message\":[\"a\"]}"))));
        // Unknown fields, at the top and in the body, with values of any depth up to the nesting limit.
        all.add(withField("unknown", CanonicalRecords.RULE_UNKNOWN_FIELD, Generate.pick(List.of("Extra", "id", "OfflinePush",
                "")), Generate.range(1, 60).map(HostileLines::nested)));
        all.add(withField("unknown", CanonicalRecords.RULE_UNKNOWN_FIELD, "MessageBody", Generate.pick(List.of(
                "{\"Message\":\"hi\",\"OfflinePush\":{}}", "{\"Message\":\"hi\",\"HasReceipt\":true}", "{\"Msg\":\"hi\"}"))));
        // Deep nesting past the parser's limit: refused as JSON, at any place in the line.
        all.add(withField("deep", CanonicalRecords.RULE_JSON, Generate.pick(List.of("Extra", "HiddenFor", "MessageBody")),
                Generate.range(70, 5000).map(HostileLines::nested)));
        // Missing fields.
        all.add(withField("missing", IdRules.RULE_REQUIRED, "FromUserId", Generate.constant((String) null)));
        all.add(withField("missing", MessageRules.RULE_TYPE_REQUIRED, "MessageType", Generate.constant((String) null)));
        all.add(withField("missing", BodyRules.RULE_REQUIRED, "MessageBody", Generate.pick(List.of("null", "{}"))));
        all.add(withField("missing", MessageRules.RULE_ID_REQUIRED, "Id", Generate.pick(List.of("null", "\"\""))));
        // Control characters: raw inside a string is not JSON; escaped into an ID it breaks the charset rule.
        all.add(edited("raw-control", CanonicalRecords.RULE_JSON, Generate.range(0, 0x1f).assuming(c -> c != '\n')
                .map(c -> json -> {
                    int at = json.indexOf("\"u");
                    return utf8(json.substring(0, at + 1) + (char) (int) c + json.substring(at + 1));
                })));
        all.add(withField("control-id", IdRules.RULE_CHARSET, "FromUserId", Generate.range(0, 0x1f)
                .map(c -> q("u" + (char) (int) c + "x"))));
        // Forbidden ID characters, and a group ID starting with '#'.
        all.add(withField("id-charset", IdRules.RULE_CHARSET, Generate.pick(List.of("FromUserId", "GroupId")),
                Generate.pick(List.of("*", "/", " ", "é", "中", "'", ",", "\"", "\\", "`", "😀", "\u202e", "\u00a0"))
                        .map(c -> q("a" + c + "b"))));
        all.add(withField("id-hash", IdRules.RULE_LEADING_HASH, "GroupId", Generate.constant(q("#group"))));
        // Huge strings: IDs and bodies far over their limits; a line over the source's cap.
        all.add(withField("huge-id", IdRules.RULE_LENGTH, "FromUserId", Generate.range(33, 20_000).map(k -> q("a".repeat(k)))));
        all.add(withField("huge-body", BodyRules.RULE_SIZE, "MessageBody", Generate.range(2049, 40_000)
                .map(k -> "{\"Message\":" + q("é".repeat(k / 2 + 1)) + "}")));
        all.add(withField("huge-extended", BodyRules.RULE_EXTENDED_SIZE, "MessageBody", Generate.range(1025, 9_000)
                .map(k -> "{\"Message\":\"hi\",\"ExtendedData\":" + q("x".repeat(k)) + "}")));
        all.add(withField("huge-line", CanonicalRecords.RULE_TOO_LONG, "MessageBody", Generate.range(CAP, 3 * CAP)
                .map(k -> "{\"Message\":" + q("z".repeat(k)) + "}")));
        // Invalid UTF-8, inside a string or between tokens.
        all.add(edited("utf8", CanonicalRecords.RULE_UTF8, Generate.pick(List.of(
                        new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe}, new byte[] {(byte) 0xc0, (byte) 0x80},
                        new byte[] {(byte) 0xc1, (byte) 0xbf}, new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98},
                        new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}))
                .zip(Generate.booleans(), (bad, inString) -> json -> {
                    byte[] b = utf8(json);
                    int at = inString ? json.indexOf("\"u") + 2 : 1;
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at);
                    out.writeBytes(bad);
                    out.write(b, at, b.length - at);
                    return out.toByteArray();
                })));
        // Times: older than the window, in the future, negative.
        all.add(withField("old", RetentionWindow.RULE_RETENTION, "SendMessageTime",
                Generate.longRange(31 * DAY, 20_000 * DAY).map(a -> String.valueOf(NOW - a))));
        all.add(withField("future", RetentionWindow.RULE_FUTURE, "SendMessageTime",
                Generate.longRange(1, 100_000 * DAY).map(a -> String.valueOf(NOW + a))));
        all.add(withField("negative", RetentionWindow.RULE_NEGATIVE, "SendMessageTime",
                Generate.longRange(Long.MIN_VALUE, -1).map(a -> String.valueOf(a))));
        // Conversation shape.
        all.add(goods().map(g -> n -> {
            Map<String, String> f = g.fields(n);
            f.remove("GroupId");
            f.remove("ToUserId");
            f.remove("HiddenFor");
            return new Line("no-conversation", utf8(render(f, g.separator())), MessageRules.RULE_CONVERSATION, null);
        }));
        return Generate.oneOf(all.get(0), all.subList(1, all.size()).toArray(Gen[]::new));
    }

    /** A blank line (skipped, but counted for line numbers). */
    private static Gen<Recipe> blankLines() {
        return Generate.pick(List.of("", " ", "\t", "  \t ")).map(s -> n -> new Line("blank", utf8(s), BLANK, null));
    }

    /** Repeats the Id of the first good line of the file (a good line itself when there is none before it). */
    private static Gen<Recipe> duplicates() {
        return goods().map(g -> n -> new Line("duplicate", utf8(render(g.fields(n), g.separator())), DUPLICATE, g.text()));
    }

    /** Any line: good, bad, blank or a duplicate, about 5 : 6 : 1 : 1. */
    static Gen<Recipe> lines() {
        return Generate.frequency(List.of(
                org.quicktheories.api.Pair.of(5, goodLines()),
                org.quicktheories.api.Pair.of(6, badLines()),
                org.quicktheories.api.Pair.of(1, blankLines()),
                org.quicktheories.api.Pair.of(1, duplicates())));
    }
}
