package io.zimmigrate.files.csv;

import static io.zimmigrate.files.Records.all;
import static io.zimmigrate.files.Records.readable;
import static io.zimmigrate.files.Records.rules;
import static io.zimmigrate.files.Records.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    private static final String HEADER = "Id,FromUserId,GroupId,ToUserId,MessageType,MessageBody,SendMessageTime,HiddenFor\n";

    @TempDir
    Path temp;

    private MessageSource csv(String text) throws IOException {
        Path file = temp.resolve("history.csv");
        Files.writeString(file, text);
        return new CsvSourceProvider().open(file.toString(), Map.of());
    }

    @Test
    void rowsBecomeCanonicalMessagesWithQuotingAndLineNumbers() throws IOException {
        MessageSource source = csv(HEADER
                + "m1,alice,team,,1,hello,1732000000000,\n"
                + "m2,bob,,alice,1,\"two\nlines, and \"\"quotes\"\"\",1732000001000,[\"bob\"]\n"
                + "\n"
                + "m3,alice,team,,1,\"{\"\"Message\"\":\"\"hi\"\",\"\"ExtendedData\"\":\"\"x\"\"}\",1732000002000,\n"
                + "m4,alice,team,,12,\"{\"\"Uid\"\":\"\"f1\"\",\"\"Url\"\":\"\"https://e/x.pdf\"\",\"\"FileName\"\":\"\"x.pdf\"\"}\",1732000003000,\n");
        List<SourceRecord> records = all(source);
        assertThat(unreadable(records)).isEmpty();
        assertThat(records).extracting(SourceRecord::locator).containsExactly(
                Locator.line(source.name(), 2), Locator.line(source.name(), 3),
                Locator.line(source.name(), 6), Locator.line(source.name(), 7));
        List<RawMessage> msgs = readable(records);
        assertThat(msgs.get(0)).isEqualTo(RawMessage.builder().id("m1").fromUserId("alice").groupId("team")
                .messageType(1).bodyMessage("hello").sendMessageTime(1732000000000L).build());
        assertThat(msgs.get(1).bodyMessage()).isEqualTo("two\nlines, and \"quotes\"");
        assertThat(msgs.get(1).toUserId()).isEqualTo("alice");
        assertThat(msgs.get(1).groupId()).isNull();
        assertThat(msgs.get(1).hiddenFor()).containsExactly("bob");
        assertThat(msgs.get(2).bodyMessage()).isEqualTo("hi");
        assertThat(msgs.get(2).bodyExtendedData()).isEqualTo("x");
        assertThat(msgs.get(3).messageType()).isEqualTo(12);
        assertThat(msgs.get(3).bodyMessage()).isEqualTo("{\"Uid\":\"f1\",\"Url\":\"https://e/x.pdf\",\"FileName\":\"x.pdf\"}");
    }

    @Test
    void aSourceCanBeReadTwiceWithTheSameResult() throws IOException {
        MessageSource source = csv(HEADER + "m1,alice,team,,1,hello,1732000000000,\n");
        assertThat(all(source)).isEqualTo(all(source));
    }

    @Test
    void badRowsAreRejectedOneByOneAndTheRestIsRead() throws IOException {
        List<SourceRecord> records = all(csv(HEADER
                + "m1,alice,team,,1,hello\n"
                + "m2,alice,team,,one,hello,1732000000000,\n"
                + ",,,,,,,\n"
                + "m4,alice,team,,1,fine,1732000000000,\n"));
        List<SourceRecord.Unreadable> bad = unreadable(records);
        assertThat(bad).hasSize(2);
        assertThat(bad.get(0).locator().position()).isEqualTo(2);
        assertThat(rules(bad.get(0))).containsExactly(CsvSource.RULE_COLUMNS);
        assertThat(bad.get(0).rejection().violations().get(0).message()).isEqualTo("has 6 cells but the header has 8 columns");
        assertThat(bad.get(1).locator().position()).isEqualTo(3);
        assertThat(rules(bad.get(1))).containsExactly("record.field-type");
        assertThat(bad.get(1).rejection().violations().get(0).field()).isEqualTo("MessageType");
        // ",,,," has every field absent: readable here, refused later by the message rules (Id required, ...).
        assertThat(readable(records)).extracting(RawMessage::id).containsExactly(null, "m4");
    }

    @Test
    void brokenQuotingNamesFileLineAndColumn() throws IOException {
        MessageSource source = csv(HEADER + "m1,alice,team,,1,hello,1,\n" + "m2,alice,team,,1,\"say \"hi\" now\",2,\n");
        try (MessageSource.RecordStream s = source.open()) {
            assertThat(s.next().locator().position()).isEqualTo(2);
            assertThatThrownBy(s::next)
                    .isInstanceOf(SourceException.class)
                    .hasMessageStartingWith(source.name() + ":3:")
                    .hasMessageContaining("broken CSV in the row that starts at line 3");
        }
    }

    @Test
    void anUnclosedQuoteNamesTheRowItStarted() throws IOException {
        MessageSource source = csv(HEADER + "m1,alice,team,,1,\"never closed,1,\nm2,alice,team,,1,x,2,\n");
        assertThatThrownBy(() -> all(source))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("in the row that starts at line 2")
                .hasMessageContaining("Missing closing quote");
    }

    @Test
    void headerProblemsAreWholeFileErrors() throws IOException {
        assertThatThrownBy(() -> all(csv("Id,From,GroupId\n")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("history.csv:1: the header's column 2 \"From\" is not a canonical field");
        assertThatThrownBy(() -> all(csv("Id,Id\n")))
                .isInstanceOf(SourceException.class).hasMessageContaining("names column \"Id\" twice");
    }

    @Test
    void aByteOrderMarkAndOtherSeparatorsAreAccepted() throws IOException {
        Path file = temp.resolve("semi.csv");
        Files.writeString(file, "\uFEFFId;FromUserId;GroupId;MessageType;MessageBody\nm1;alice;team;1;a,b\n");
        List<RawMessage> msgs = readable(all(new CsvSourceProvider().open(file.toString(), Map.of("separator", ";"))));
        assertThat(msgs).extracting(RawMessage::bodyMessage).containsExactly("a,b");
    }

    @Test
    void missingFilesAndNonUtf8AreClearErrors() throws IOException {
        assertThatThrownBy(() -> new CsvSourceProvider().open(temp.resolve("nope.csv").toString(), Map.of()))
                .isInstanceOf(SourceException.class).hasMessageEndingWith("nope.csv: no such file");
        Path file = temp.resolve("latin1.csv");
        Files.write(file, (HEADER + "m1,alice,team,,1,caf\u00e9,1,\n").getBytes(StandardCharsets.ISO_8859_1));
        MessageSource source = new CsvSourceProvider().open(file.toString(), Map.of());
        assertThatThrownBy(() -> all(source)).isInstanceOf(SourceException.class).hasMessageContaining("is not UTF-8");
    }

    @Test
    void recognisesCsvByExtension() {
        assertThat(new CsvSourceProvider().recognises("x/History.CSV")).isTrue();
        assertThat(new CsvSourceProvider().recognises("x.jsonl")).isFalse();
    }

    @Test
    void anyTextWrittenByACsvWriterIsReadBackExactly() {
        CsvMapper writer = new CsvMapper();
        qt().withExamples(200)
                .forAll(lists().of(strings().allPossible().ofLengthBetween(1, 30).map(CsvSourceTest::wellFormed))
                        .ofSizeBetween(1, 10))
                .checkAssert(texts -> {
                    try {
                        List<List<String>> rows = new ArrayList<>();
                        rows.add(List.of("Id", "FromUserId", "GroupId", "MessageType", "MessageBody"));
                        for (int i = 0; i < texts.size(); i++) {
                            rows.add(List.of("m" + i, "alice", "team", "1", texts.get(i)));
                        }
                        Path file = Files.createTempFile(temp, "p", ".csv");
                        Files.writeString(file, writer.writeValueAsString(rows));
                        List<SourceRecord> records = all(new CsvSourceProvider().open(file.toString(), Map.of()));
                        assertThat(readable(records).stream().map(RawMessage::bodyMessage).collect(Collectors.toList()))
                                .isEqualTo(texts);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    /** Valid Unicode, not blank, and not itself a {"Message":...} body (which the format reads as JSON). */
    private static String wellFormed(String s) {
        String text = s.codePoints().filter(cp -> !(cp >= 0xD800 && cp <= 0xDFFF))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return text.isEmpty() || text.trim().startsWith("{") ? "x" + text : text;
    }
}
