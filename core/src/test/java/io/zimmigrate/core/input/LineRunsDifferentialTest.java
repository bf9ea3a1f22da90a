package io.zimmigrate.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.model.Locator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * {@link LineRuns} (one parser over a run of lines) against {@link CanonicalRecords#decodeLine} (one parser per
 * line): for every line of a batch mixing clean, damaged and tricky lines, the same record or the same rejection,
 * word for word, at the same line. A run must never accept a line the per-line decoder rejects, nor word a
 * rejection differently, whatever the lines around it hold.
 */
class LineRunsDifferentialTest {
    private static final byte[] CLEAN = ("{\"Id\":\"m1\",\"GroupId\":\"g1\",\"FromUserId\":\"u1\",\"MessageType\":1,"
            + "\"Priority\":1,\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":1732000000000}")
            .getBytes(StandardCharsets.UTF_8);

    /** Lines as a JSON Lines source hands them over: no line end inside, not blank. */
    private static Gen<byte[]> line() {
        Gen<byte[]> tricky = Generate.pick(List.of("{\"Id\":\"a\",\"Id\":\"b\"}", "{\"Id\":\"a\"} x", "{\"Id\":\"a\"}{}",
                "{\"Id\":\"a\"}]", "{\"MessageBody\":{\"Message\":\"a\",\"Message\":\"b\"}}", "{\"Id\":\"a\",",
                "\"GroupId\":\"g\"}", "{\"Id\":\"a\"", "}", "{", "[", "]", "1", "\"x\"", "{\"Id\":\"a\"} 1", "{\"Id\":\"a\"}\t ",
                "{\"MessageBody\":{\"Message\":{\"a\":1,\"a\":2}}}", "{\"MessageBody\":{\"Message\":{\"a\":{\"b\":[1]}}}}",
                "{\"X\":1,\"X\":2}", "{\"HiddenFor\":[\"a\",1]}", "\uFEFF{\"Id\":\"a\"}", "{\"Id\":\"a\"} /* c */",
                "{\"Id\":\"a\",\"MessageBody\":null,\"MessageBody\":{}}", "{\"MessageBody\":{\"ExtendedData\":\"e\",\"ExtendedData\":null}}",
                "{\"Id\":\"" + "9".repeat(3000) + "\"}", "{\"X\":" + "[".repeat(70) + "]".repeat(70) + "}", "{\"Id\":\"a\"}\r")
                .stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        Gen<byte[]> utf16 = Generate.pick(List.of("{\"Id\":\"a\"}".getBytes(StandardCharsets.UTF_16LE),
                "{\"Id\":\"a\"}".getBytes(StandardCharsets.UTF_16BE), new byte[] {0, '{', '}'}));
        Gen<byte[]> goodish = StreamingDecodeDifferentialTest.goodish().map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Generate.frequency(List.of(
                org.quicktheories.api.Pair.of(6, Generate.constant(CLEAN)),
                org.quicktheories.api.Pair.of(6, goodish),
                org.quicktheories.api.Pair.of(3, StreamingDecodeDifferentialTest.damaged()),
                org.quicktheories.api.Pair.of(2, tricky),
                org.quicktheories.api.Pair.of(1, utf16)))
                .map(b -> {
                    byte[] c = b.clone();
                    for (int i = 0; i < c.length; i++) {
                        if (c[i] == '\n') {
                            c[i] = ' '; // a line never holds its own line end
                        }
                    }
                    return c;
                })
                .assuming(b -> !blank(b));
    }

    private static boolean blank(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static void sameAsLineByLine(List<byte[]> lines, String separator) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int n = lines.size();
        int[] starts = new int[n];
        int[] ends = new int[n];
        Locator[] at = new Locator[n];
        byte[] sep = separator.getBytes(StandardCharsets.UTF_8);
        buf.writeBytes("  ".getBytes(StandardCharsets.UTF_8)); // a batch need not start at the buffer's start
        for (int i = 0; i < n; i++) {
            starts[i] = buf.size();
            buf.writeBytes(lines.get(i));
            ends[i] = buf.size();
            buf.writeBytes(sep);
            at[i] = Locator.line("r.jsonl", i + 1);
        }
        byte[] bytes = buf.toByteArray();
        SourceRecord[] out = new SourceRecord[n];
        LineRuns.decode(bytes, starts, ends, at, n, out);
        for (int i = 0; i < n; i++) {
            byte[] l = lines.get(i);
            assertThat(out[i]).as("line %d: %s", i + 1, new String(l, StandardCharsets.UTF_8))
                    .isEqualTo(CanonicalRecords.decodeLine(l, 0, l.length, at[i]));
        }
    }

    @Test
    void aRunDecodesEveryLineAsTheLineAloneDecodes() {
        int[] readable = new int[2];
        qt().withExamples(600).forAll(lists().of(line()).ofSizeBetween(1, 12), Generate.pick(List.of("\n", " \n\t", "\n\n")))
                .checkAssert((lines, sep) -> {
                    sameAsLineByLine(lines, sep);
                    for (byte[] l : lines) {
                        readable[CanonicalRecords.decodeLine(l, 0, l.length, Locator.line("r", 1))
                                instanceof SourceRecord.Readable ? 1 : 0]++;
                    }
                });
        assertThat(readable[1]).as("lines read as records").isGreaterThan(800);
        assertThat(readable[0]).as("lines rejected").isGreaterThan(800);
    }

    @Test
    void aLongRunOfCleanLinesIsReadWholeAndABrokenLineCostsOnlyItself() {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(i == 150 ? "{\"Id\":\"m1\",".getBytes(StandardCharsets.UTF_8) : CLEAN);
        }
        sameAsLineByLine(lines, "\n");
    }
}
