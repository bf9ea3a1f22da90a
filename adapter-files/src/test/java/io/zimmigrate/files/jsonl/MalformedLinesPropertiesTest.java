package io.zimmigrate.files.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.input.CanonicalRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Malformed lines mixed among good ones are reported at exactly their line numbers, with their rule. */
class MalformedLinesPropertiesTest {
    private static final int CAP = 300;

    @TempDir
    Path dir;

    /** One kind of line and what the source must say about it (null: nothing, it is blank). */
    record Kind(String name, String expectedRule, byte[] bytes) {}

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Gen<Kind> kinds() {
        return Generate.pick(List.of(
                new Kind("good", null, null),
                new Kind("blank", null, utf8("  \t")),
                new Kind("empty", null, new byte[0]),
                new Kind("json", CanonicalRecords.RULE_JSON, utf8("{\"Id\":\"x\",")),
                new Kind("array", CanonicalRecords.RULE_NOT_OBJECT, utf8("[1,2]")),
                new Kind("type", CanonicalRecords.RULE_FIELD_TYPE, utf8("{\"Id\":\"t\",\"MessageType\":\"one\"}")),
                new Kind("field", CanonicalRecords.RULE_UNKNOWN_FIELD, utf8("{\"Id\":\"f\",\"Body\":1}")),
                new Kind("utf8", CanonicalRecords.RULE_UTF8, new byte[] {'{', '"', (byte) 0xE2, (byte) 0x82, '"', '}'}),
                new Kind("long", CanonicalRecords.RULE_TOO_LONG, utf8("{\"Id\":\"" + "L".repeat(CAP) + "\"}"))));
    }

    @Test
    void reportsExactLineNumbers() {
        qt().withExamples(200).forAll(lists().of(kinds()).ofSizeBetween(0, 30), Generate.booleans(), Generate.booleans())
                .checkAssert((lines, crlf, finalNewline) -> {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < lines.size(); i++) {
                        Kind k = lines.get(i);
                        int number = i + 1;
                        if (k.name().equals("good")) {
                            b.writeBytes(utf8(JsonlSourceTest.good("m" + number)));
                            expected.add(number + ":m" + number);
                        } else {
                            b.writeBytes(k.bytes());
                            if (k.expectedRule() != null) {
                                expected.add(number + ":" + k.expectedRule());
                            }
                        }
                        if (i < lines.size() - 1 || finalNewline) {
                            b.writeBytes(crlf ? utf8("\r\n") : utf8("\n"));
                        }
                    }
                    try {
                        Path p = Files.createTempFile(dir, "mixed", ".jsonl");
                        Files.write(p, b.toByteArray());
                        assertThat(JsonlSourceTest.read(new JsonlSource(p, "mixed.jsonl", CAP))).isEqualTo(expected);
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
