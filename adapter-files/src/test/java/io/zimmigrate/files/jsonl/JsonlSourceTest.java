package io.zimmigrate.files.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.rules.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Lines source against real files. */
class JsonlSourceTest {
    static final String GOOD = "{\"Id\":\"%s\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\"}}";

    @TempDir
    Path dir;

    static String good(String id) {
        return String.format(GOOD, id);
    }

    private Path file(byte[] content) throws IOException {
        Path p = Files.createTempFile(dir, "in", ".jsonl");
        Files.write(p, content);
        return p;
    }

    private Path file(String content) throws IOException {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    /** "line:id" for readable records, "line:rule" for unreadable ones. */
    static List<String> read(MessageSource source) {
        List<String> out = new ArrayList<>();
        try (MessageSource.RecordStream records = source.open()) {
            while (records.hasNext()) {
                SourceRecord r = records.next();
                long line = r.locator().position();
                if (r instanceof SourceRecord.Readable ok) {
                    out.add(line + ":" + ok.message().id());
                } else {
                    out.add(line + ":" + ((SourceRecord.Unreadable) r).rejection().violations().stream()
                            .map(Violation::rule).findFirst().orElseThrow());
                }
            }
        }
        return out;
    }

    @Test
    void numbersLinesSkippingBlankOnesAndHandlesCrlfAndAMissingFinalNewline() throws IOException {
        Path p = file(good("a") + "\n\n   \r\n" + good("b") + "\r\n\t\n" + good("c"));
        assertThat(read(new JsonlSource(p))).containsExactly("1:a", "4:b", "6:c");
    }

    @Test
    void emptyAndBlankFilesHaveNoRecords() throws IOException {
        assertThat(read(new JsonlSource(file("")))).isEmpty();
        assertThat(read(new JsonlSource(file("\n\n \n")))).isEmpty();
    }

    @Test
    void aByteOrderMarkOnTheFirstLineIsIgnored() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.writeBytes((good("a") + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(read(new JsonlSource(file(b.toByteArray())))).containsExactly("1:a");
    }

    @Test
    void invalidUtf8CostsOnlyItsLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((good("a") + "\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes("{\"Id\":\"".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28}); // a broken two-byte sequence
        b.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes((good("ü") + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(read(new JsonlSource(file(b.toByteArray()))))
                .containsExactly("1:a", "2:" + CanonicalRecords.RULE_UTF8, "3:ü");
    }

    @Test
    void aLineOverTheCapIsRejectedAndReadingGoesOn() throws IOException {
        String exact = good("x".repeat(100));
        int cap = exact.getBytes(StandardCharsets.UTF_8).length;
        Path p = file(good("a") + "\n" + good("y".repeat(101)) + "\n" + exact + "\n" + good("b"));
        assertThat(read(new JsonlSource(p, "in.jsonl", cap)))
                .containsExactly("1:a", "2:" + CanonicalRecords.RULE_TOO_LONG, "3:" + "x".repeat(100), "4:b");
        SourceRecord.Unreadable tooLong;
        try (var records = new JsonlSource(p, "in.jsonl", cap).open()) {
            records.next();
            tooLong = (SourceRecord.Unreadable) records.next();
        }
        assertThat(tooLong.rejection().violations().get(0).message()).contains((cap + 1) + " bytes").contains("" + cap);
    }

    @Test
    void aHugeLineDoesNotExhaustMemory() throws IOException {
        // 64 MiB on one line against the default 1 MiB cap: read through, counted, refused.
        Path p = Files.createTempFile(dir, "huge", ".jsonl");
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try (var out = Files.newOutputStream(p)) {
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
            out.write(("\n" + good("after")).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(read(new JsonlSource(p))).containsExactly("1:" + CanonicalRecords.RULE_TOO_LONG, "2:after");
    }

    @Test
    void canBeReadAgainFromTheStart() throws IOException {
        JsonlSource s = new JsonlSource(file(good("a") + "\n" + good("b") + "\n"));
        assertThat(read(s)).isEqualTo(read(s)).containsExactly("1:a", "2:b");
    }

    @Test
    void recordsCarryTheGivenFileName() throws IOException {
        Path p = file(good("a"));
        try (var records = new JsonlSource(p, "export/history.jsonl", 1000).open()) {
            assertThat(records.next().locator().toString()).isEqualTo("export/history.jsonl:1");
            assertThat(records.hasNext()).isFalse();
            assertThatThrownBy(records::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void aMissingFileOrADirectoryIsASourceExceptionNamingIt() {
        Path missing = dir.resolve("nope.jsonl");
        assertThatThrownBy(() -> new JsonlSource(missing).open()).isInstanceOf(SourceException.class)
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> new JsonlSource(dir).open()).isInstanceOf(SourceException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void upToTheCompleteLengthReadsOnlyCompleteLinesWhateverIsAppendedLater() throws IOException {
        String complete = good("a") + "\n" + good("b") + "\r\n";
        Path p = file(complete + "{\"Id\":\"c\",\"GroupId");
        long length = JsonlSource.completeLength(p);
        assertThat(length).isEqualTo(complete.getBytes(StandardCharsets.UTF_8).length);
        JsonlSource upTo = new JsonlSource(p).upTo(length);
        assertThat(read(upTo)).as("the partial line waits").containsExactly("1:a", "2:b");
        Files.writeString(p, "\":\"g\",\"FromUserId\":\"u\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\"}}\n"
                + good("d"), java.nio.file.StandardOpenOption.APPEND);
        assertThat(read(upTo)).as("the same bytes on every pass").containsExactly("1:a", "2:b");
        assertThat(upTo.identity()).isNotEqualTo(new JsonlSource(p).upTo(length + 1).identity());
        JsonlSource grown = new JsonlSource(p).upTo(JsonlSource.completeLength(p));
        assertThat(read(grown)).containsExactly("1:a", "2:b", "3:c");
    }

    @Test
    void aFileWithoutAnyNewlineHasNoCompleteLine() throws IOException {
        assertThat(JsonlSource.completeLength(file(good("a")))).isZero();
        assertThat(JsonlSource.completeLength(file(""))).isZero();
        StringBuilder big = new StringBuilder(good("first")).append('\n');
        while (big.length() < 200_000) {
            big.append('x'); // a partial line longer than the 64 KiB the search reads at a time
        }
        assertThat(JsonlSource.completeLength(file(big.toString()))).isEqualTo(good("first").length() + 1);
    }
}
