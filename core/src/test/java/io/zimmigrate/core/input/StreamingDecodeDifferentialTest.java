package io.zimmigrate.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Rejection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The streaming decoder ({@link CanonicalRecords#decodeLine}, from a line's bytes) against an independent reader of
 * the same format ({@link TreeReaderOracle}: databind's tree over the line's text): for every line, the same record,
 * or a rejection with the same rules for the same fields (and the same messages, except Jackson's own wording of
 * broken JSON); a line is rejected as not UTF-8 exactly when Java's strict decoder refuses it.
 */
class StreamingDecodeDifferentialTest {
    private static final Locator AT = Locator.line("d.jsonl", 9);

    private static SourceRecord viaText(byte[] b) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            return TreeReaderOracle.decode(text, AT);
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void sameAsTree(byte[] b) {
        SourceRecord expected = viaText(b);
        SourceRecord actual = CanonicalRecords.decodeLine(b, 0, b.length, AT);
        if (expected == null) {
            assertThat(actual).isInstanceOf(SourceRecord.Unreadable.class);
            assertThat(((SourceRecord.Unreadable) actual).rejection().violations().get(0).rule())
                    .isEqualTo(CanonicalRecords.RULE_UTF8);
        } else if (expected instanceof SourceRecord.Readable) {
            assertThat(actual).as(new String(b, StandardCharsets.UTF_8)).isEqualTo(expected);
        } else {
            assertThat(actual).as(new String(b, StandardCharsets.UTF_8)).isInstanceOf(SourceRecord.Unreadable.class);
            Rejection want = ((SourceRecord.Unreadable) expected).rejection();
            Rejection got = ((SourceRecord.Unreadable) actual).rejection();
            assertThat(got.id()).isEqualTo(want.id());
            assertThat(comparable(got)).as(new String(b, StandardCharsets.UTF_8)).isEqualTo(comparable(want));
        }
        if (expected != null) { // Jackson's char parser (from the text) must read what its byte parser read
            SourceRecord fromText = CanonicalRecords.decode(new String(b, StandardCharsets.UTF_8), AT);
            if (fromText instanceof SourceRecord.Unreadable u) {
                assertThat(actual).isInstanceOf(SourceRecord.Unreadable.class);
                assertThat(comparable(u.rejection())).isEqualTo(comparable(((SourceRecord.Unreadable) actual).rejection()));
            } else {
                assertThat(fromText).isEqualTo(actual);
            }
        }
        // Also from the middle of a larger buffer, as the JSONL source hands lines over.
        byte[] padded = new byte[b.length + 6];
        System.arraycopy(b, 0, padded, 3, b.length);
        padded[0] = '{';
        padded[b.length + 5] = (byte) 0xff;
        assertThat(CanonicalRecords.decodeLine(padded, 3, b.length, AT)).isEqualTo(actual);
    }

    /**
     * The violations in a stable order; messages left out where Jackson words broken JSON its own way, and a wrong
     * number's value cut: the decoder shows it as written ({@code 1e3}), the tree as its double ({@code 1000.0}).
     */
    private static List<String> comparable(Rejection r) {
        return r.violations().stream().map(v -> v.field() + " " + v.rule()
                + (v.rule().equals(CanonicalRecords.RULE_JSON) ? "" : " " + v.message().replaceAll("not number .*", "not number")))
                .sorted().toList();
    }

    /** A JSON string literal written in one of several legal ways (raw, or with characters escaped). */
    private static String literal(String s, int style) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (style == 3 && "\n\t\r\b\f/".indexOf(c) >= 0) {
                out.append('\\').append("ntrbf/".charAt("\n\t\r\b\f/".indexOf(c)));
            } else if (c < 0x20 || style == 1 && c > 0x7e || style == 2 && i % 3 == 0) {
                out.append(String.format(i % 2 == 0 ? "\\u%04X" : "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Canonical records with every field, in any order, nulls, spacing, escapes and numbers at their limits. */
    static Gen<String> goodish() {
        Gen<String> text = Generate.oneOf(strings().betweenCodePoints(0x01, 0x2FFFF).ofLengthBetween(0, 12),
                strings().ascii().ofLengthBetween(0, 12), Generate.pick(List.of("a/b", "tab\there", "nl\n", "\u007f",
                        "\ud83d\ude00", "\\", "\"")));
        Gen<String> number = Generate.pick(List.of("0", "-0", "1", "200", "2147483647", "2147483648", "-2147483648",
                "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1732000000000",
                "null", "1.0", "1e3", "-1"));
        return lists().of(text).ofSize(8).zip(lists().of(number).ofSize(4), Generate.range(0, 3),
                Generate.longRange(0, 1 << 20), (texts, numbers, style, seed) -> {
                    Random r = new Random(seed);
                    List<String> fields = new ArrayList<>();
                    String[] names = {"Id", "GroupId", "ToUserId", "FromUserId", "SearchedContent"};
                    for (int i = 0; i < names.length; i++) {
                        if (r.nextInt(4) > 0) {
                            fields.add(literal(names[i], 0) + ":" + (r.nextInt(8) == 0 ? "null" : literal(texts.get(i), style)));
                        }
                    }
                    String[] numeric = {"MessageType", "Priority", "SubMsgType", "SendMessageTime"};
                    for (int i = 0; i < numeric.length; i++) {
                        if (r.nextInt(4) > 0) {
                            fields.add(literal(numeric[i], 0) + ":" + numbers.get(i));
                        }
                    }
                    if (r.nextBoolean()) {
                        fields.add("\"HiddenFor\":" + switch (r.nextInt(4)) {
                            case 0 -> "null";
                            case 1 -> "[]";
                            default -> "[" + literal(texts.get(5), style) + (r.nextBoolean() ? "," + literal(texts.get(6), 0) : "") + "]";
                        });
                    }
                    if (r.nextInt(5) > 0) {
                        fields.add("\"MessageBody\":" + switch (r.nextInt(5)) {
                            case 0 -> "null";
                            case 1 -> "{}";
                            case 2 -> "{\"Message\":{\"Uid\":\"u\",\"N\":[1,2.5,null]}}";
                            default -> "{\"Message\":" + literal(texts.get(7), style)
                                    + (r.nextBoolean() ? ",\"ExtendedData\":" + (r.nextBoolean() ? "null" : literal(texts.get(0), 0)) : "")
                                    + "}";
                        });
                    }
                    Collections.shuffle(fields, r);
                    String sep = r.nextBoolean() ? "," : " ,\t";
                    String json = "{" + String.join(sep, fields) + "}";
                    return r.nextInt(6) == 0 ? json + "  " : json;
                });
    }

    /** Good lines with a few bytes inserted, replaced or cut: broken JSON, control characters, bad UTF-8, NULs. */
    static Gen<byte[]> damaged() {
        Gen<Byte> anyByte = Generate.pick(List.of((byte) 0, (byte) '"', (byte) '\\', (byte) '{', (byte) '}', (byte) '[',
                (byte) ',', (byte) ':', (byte) ' ', (byte) 0x1f, (byte) 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xed,
                (byte) 0xf0, (byte) 0xff, (byte) 'n', (byte) '1', (byte) '.', (byte) 'e', (byte) '-'));
        return goodish().zip(lists().of(integers().between(0, 1000)).ofSizeBetween(1, 3), lists().of(anyByte).ofSize(3),
                Generate.range(0, 2), (json, at, with, how) -> {
                    byte[] b = json.getBytes(StandardCharsets.UTF_8);
                    List<Byte> out = new ArrayList<>();
                    for (byte x : b) {
                        out.add(x);
                    }
                    for (int i = 0; i < at.size() && !out.isEmpty(); i++) {
                        int p = at.get(i) % out.size();
                        switch (how) {
                            case 0 -> out.add(p, with.get(i));
                            case 1 -> out.set(p, with.get(i));
                            default -> out.subList(p, out.size()).clear();
                        }
                    }
                    byte[] r = new byte[out.size()];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = out.get(i);
                    }
                    return r;
                });
    }

    @Test
    void goodishLinesReadTheSameFromBytesAsFromText() {
        int[] kinds = new int[2];
        qt().withExamples(3000).forAll(goodish()).checkAssert(json -> {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            sameAsTree(b);
            kinds[CanonicalRecords.decodeLine(b, 0, b.length, AT) instanceof SourceRecord.Readable ? 1 : 0]++;
        });
        // Both outcomes must have been exercised, or the comparison proves little.
        assertThat(kinds[1]).as("lines read as records").isGreaterThan(300);
        assertThat(kinds[0]).as("lines rejected").isGreaterThan(300);
    }

    @Test
    void aCanonicalLineIsReadFieldByField() {
        String line = "{\"Id\":\"m-2\",\"ToUserId\":\"u2\",\"FromUserId\":\"u1\",\"MessageType\":200,\"Priority\":2,"
                + "\"MessageBody\":{\"Message\":\"hey \\u00e9\\n\",\"ExtendedData\":\"x\"},\"SubMsgType\":5,"
                + "\"SearchedContent\":\"s\",\"SendMessageTime\":1732000001000,\"HiddenFor\":[\"u2\"]}";
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertThat(CanonicalRecords.decodeLine(b, 0, b.length, AT)).isEqualTo(new SourceRecord.Readable(AT,
                new RawMessage("m-2", null, "u2", "u1", 200, 2, "hey \u00e9\n", "x", 5, "s", 1732000001000L, List.of("u2"))));
    }

    @Test
    void damagedLinesReadTheSameFromBytesAsFromText() {
        qt().withExamples(3000).forAll(damaged()).checkAssert(StreamingDecodeDifferentialTest::sameAsTree);
    }

    @Test
    void recordLikeObjectsReadTheSameFromBytesAsFromText() {
        qt().withExamples(1500).forAll(ArbitraryJsonPropertiesTest.recordish())
                .checkAssert(json -> sameAsTree(json.getBytes(StandardCharsets.UTF_8)));
        qt().withExamples(1000).forAll(ArbitraryJsonPropertiesTest.value(3))
                .checkAssert(node -> sameAsTree(node.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void trickyLinesReadAsTheTreeReaderReadsThem() {
        for (String s : List.of("{\"Id\":\"a\",\"Id\":\"b\"}", "{\"Id\":\"a\"} x", "{\"Id\":\"a\"}{}", "{\"Id\":\"a\"}]",
                "{\"MessageBody\":{\"Message\":\"a\",\"Message\":\"b\"}}", "{\"Id\":\"a\u0000\"}", "{\u0000\"Id\":1}",
                "{\"MessageType\":1.0}", "{\"HiddenFor\":[\"a\",1]}", "{\"X\":1}", "{\"Id\":\"a\",}", "{\"Id\":\"a\"",
                "{\"SendMessageTime\":9223372036854775808}", "{\"MessageType\":2147483648}", " {\"Id\":\"a\"}",
                "\uFEFF{\"Id\":\"a\"}", "{\"Id\":\"\\ud800\"}", "{\"Id\":\"" + "9".repeat(2000) + "\"}",
                "{\"SubMsgType\":" + "9".repeat(1200) + "}", "{\"\\u0049d\":\"a\"}", "{\"Id\":\"a\",\"\\u0049d\":\"b\"}",
                "{\"Id\":\"\\ud800x\\udc00\"}", "{\"Id\":\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"}", "{\"Id\":\"\\u00E9\\u00e9é\"}",
                "{\"Id\":\"\\u12\"}", "{\"Id\":\"\\a\"}", "{\"Id\":\"\\\"}", "{\"Priority\":-0}", "{\"Priority\":01}",
                "{\"Priority\":-}", "{\"Priority\":1.}", "{\"Priority\":1E2}", "{\"Priority\":+1}", "{\"Priority\":nul}",
                "{\"Priority\":nulll}", "{\"Priority\":true}", "{\"Priority\":1 2}", "{\"Priority\":1x}",
                "{\"SendMessageTime\":999999999999999999}", "{\"SendMessageTime\":-999999999999999999}",
                "{\"SendMessageTime\":9223372036854775807}", "{\"SendMessageTime\":-9223372036854775808}",
                "{\"HiddenFor\":[]}", "{\"HiddenFor\":[ ]}", "{\"HiddenFor\":[\"a\",]}", "{\"HiddenFor\":[,]}",
                "{\"HiddenFor\":[[\"a\"]]}", "{\"HiddenFor\":[\"a\" \"b\"]}", "{}", "{ }", "{,}", "{\"Id\":\"a\",,}",
                "\t{\"Id\" : \"a\" }\t", "{\"Id\":\"a\"}\n", "{\r\n\"Id\":\"a\"}", "{\"Id\":\"a\u007f\"}",
                "{\"MessageBody\":{}}", "{\"MessageBody\":{\"Message\":null,\"ExtendedData\":null}}",
                "{\"MessageBody\":{\"ExtendedData\":\"e\",\"Message\":\"m\"}}", "{\"MessageBody\":{\"Message\":\"m\",}}",
                "{\"MessageBody\":{\"Message\":\"m\"}, \"MessageBody\":null}", "{\"MessageBody\":{\"Message\":\"m\"}",
                "{\"Id\":\"a\"}}", "{\"Id\":\"a\"", "{\"Id\"", "{\"Id\":", "{\"Id", "{", "", "{\"X\":" + "[".repeat(70) + "]".repeat(70) + "}")) {
            sameAsTree(s.getBytes(StandardCharsets.UTF_8));
        }
        // UTF-16 text without a BOM: the text reader sees NUL characters; the byte path must not guess UTF-16.
        sameAsTree("{\"Id\":\"a\"}".getBytes(StandardCharsets.UTF_16LE));
        sameAsTree("{\"Id\":\"a\"}".getBytes(StandardCharsets.UTF_16BE));
    }

    @Test
    void anyBytesInsideAStringReadTheSameFromBytesAsFromText() {
        // Every byte sequence inside a string, good, overlong, surrogate, cut or out of range, must end as the tree
        // reader and Java's decoder say (Jackson's byte parser alone lets some through; the UTF-8 check must not).
        qt().withExamples(5000).forAll(Generate.byteArrays(integers().between(0, 7), INTERESTING), Generate.range(0, 2))
                .checkAssert((inside, where) -> {
                    byte[] head = ("{\"Id\":\"a\",\"MessageBody\":{\"Message\":\"x" + (where == 0 ? "" : "é")).getBytes(StandardCharsets.UTF_8);
                    byte[] tail = (where == 2 ? "\\u00e9\"}}" : "\"}}").getBytes(StandardCharsets.UTF_8);
                    byte[] line = new byte[head.length + inside.length + tail.length];
                    System.arraycopy(head, 0, line, 0, head.length);
                    System.arraycopy(inside, 0, line, head.length, inside.length);
                    System.arraycopy(tail, 0, line, head.length + inside.length, tail.length);
                    sameAsTree(line);
                });
    }

    private static final Gen<Byte> INTERESTING = Generate.oneOf(Generate.pick(List.of((byte) 'a', (byte) 0x00, (byte) 0x7f,
            (byte) 0x80, (byte) 0x8f, (byte) 0x90, (byte) 0x9f, (byte) 0xa0, (byte) 0xbf, (byte) 0xc0, (byte) 0xc1,
            (byte) 0xc2, (byte) 0xdf, (byte) 0xe0, (byte) 0xe1, (byte) 0xec, (byte) 0xed, (byte) 0xee, (byte) 0xef,
            (byte) 0xf0, (byte) 0xf1, (byte) 0xf3, (byte) 0xf4, (byte) 0xf5, (byte) 0xf8, (byte) 0xfe, (byte) 0xff)),
            Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));

    @Test
    void aLineIsRefusedAsUtf8ExactlyWhenJavasStrictDecoderRefusesIt() {
        Gen<Byte> interesting = Generate.pick(List.of((byte) 'a', (byte) 0x00, (byte) 0x7f, (byte) 0x80, (byte) 0x8f,
                (byte) 0x90, (byte) 0x9f, (byte) 0xa0, (byte) 0xbf, (byte) 0xc0, (byte) 0xc1, (byte) 0xc2, (byte) 0xdf,
                (byte) 0xe0, (byte) 0xe1, (byte) 0xec, (byte) 0xed, (byte) 0xee, (byte) 0xef, (byte) 0xf0, (byte) 0xf1,
                (byte) 0xf3, (byte) 0xf4, (byte) 0xf5, (byte) 0xf8, (byte) 0xfe, (byte) 0xff));
        qt().withExamples(20_000).forAll(Generate.byteArrays(integers().between(0, 8), Generate.oneOf(interesting,
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))).checkAssert(b -> {
                    boolean strict;
                    try {
                        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
                        strict = true;
                    } catch (CharacterCodingException e) {
                        strict = false;
                    }
                    SourceRecord r = CanonicalRecords.decodeLine(b, 0, b.length, AT);
                    boolean refusedAsUtf8 = r instanceof SourceRecord.Unreadable u
                            && u.rejection().violations().get(0).rule().equals(CanonicalRecords.RULE_UTF8);
                    assertThat(refusedAsUtf8).as(java.util.HexFormat.of().formatHex(b)).isEqualTo(!strict);
                });
    }
}
