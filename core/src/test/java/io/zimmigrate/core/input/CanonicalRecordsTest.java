package io.zimmigrate.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding the canonical record: every field, and each way a line can be unreadable. */
class CanonicalRecordsTest {
    private static final Locator AT = Locator.line("in.jsonl", 4);

    private static List<String> rules(SourceRecord r) {
        return r instanceof SourceRecord.Unreadable u
                ? u.rejection().violations().stream().map(Violation::rule).toList() : List.of();
    }

    @Test
    void readsEveryField() {
        SourceRecord r = CanonicalRecords.decode("{\"Id\":\"m-2\",\"ToUserId\":\"u2\",\"FromUserId\":\"u1\",\"MessageType\":200,"
                + "\"Priority\":2,\"MessageBody\":{\"Message\":\"hey\",\"ExtendedData\":\"x\"},\"SubMsgType\":5,"
                + "\"SearchedContent\":\"s\",\"SendMessageTime\":1732000001000,\"HiddenFor\":[\"u2\"]}", AT);
        assertThat(r).isInstanceOf(SourceRecord.Readable.class);
        assertThat(r.locator()).isEqualTo(AT);
        RawMessage m = ((SourceRecord.Readable) r).message();
        assertThat(m).isEqualTo(new RawMessage("m-2", null, "u2", "u1", 200, 2, "hey", "x", 5, "s", 1732000001000L,
                List.of("u2")));
    }

    @Test
    void theIssuesExamplesAreReadable() {
        assertThat(CanonicalRecords.decode("{\"Id\":\"m-1\",\"GroupId\":\"g1\",\"FromUserId\":\"u1\",\"MessageType\":1,"
                + "\"Priority\":1,\"MessageBody\":{\"Message\":\"hi\",\"ExtendedData\":\"x\"},\"SendMessageTime\":1732000000000}", AT))
                .isInstanceOf(SourceRecord.Readable.class);
    }

    @Test
    void mediaStructureMayBeWrittenAsAnObject() {
        SourceRecord r = CanonicalRecords.decode("{\"Id\":\"m\",\"MessageBody\":{\"Message\":{\"Uid\":\"f\",\"Url\":\"u\"}}}", AT);
        assertThat(((SourceRecord.Readable) r).message().bodyMessage()).isEqualTo("{\"Uid\":\"f\",\"Url\":\"u\"}");
    }

    @Test
    void unreadableLinesNameTheirRule() {
        assertThat(rules(CanonicalRecords.decode("{\"Id\":", AT))).containsExactly(CanonicalRecords.RULE_JSON);
        assertThat(rules(CanonicalRecords.decode("{\"Id\":\"a\"} {\"Id\":\"b\"}", AT))).containsExactly(CanonicalRecords.RULE_JSON);
        assertThat(rules(CanonicalRecords.decode("{\"Id\":\"a\",\"Id\":\"b\"}", AT))).containsExactly(CanonicalRecords.RULE_JSON);
        assertThat(rules(CanonicalRecords.decode("[1]", AT))).containsExactly(CanonicalRecords.RULE_NOT_OBJECT);
        assertThat(rules(CanonicalRecords.decode("\"text\"", AT))).containsExactly(CanonicalRecords.RULE_NOT_OBJECT);
        assertThat(rules(CanonicalRecords.decode("{\"Id\":\"a\",\"Sender\":\"u\"}", AT)))
                .containsExactly(CanonicalRecords.RULE_UNKNOWN_FIELD);
        assertThat(rules(CanonicalRecords.decode("{\"Id\":\"a\",\"MessageBody\":{\"Message\":\"m\",\"OfflinePush\":{}}}", AT)))
                .containsExactly(CanonicalRecords.RULE_UNKNOWN_FIELD);
        assertThat(rules(CanonicalRecords.decode("{\"Id\":7,\"MessageType\":\"1\",\"SendMessageTime\":1.5,"
                + "\"HiddenFor\":[1],\"MessageBody\":\"hi\"}", AT))).containsExactly(CanonicalRecords.RULE_FIELD_TYPE,
                CanonicalRecords.RULE_FIELD_TYPE, CanonicalRecords.RULE_FIELD_TYPE, CanonicalRecords.RULE_FIELD_TYPE,
                CanonicalRecords.RULE_FIELD_TYPE);
        assertThat(rules(CanonicalRecords.decode("{\"MessageType\":99999999999}", AT)))
                .containsExactly(CanonicalRecords.RULE_FIELD_TYPE);
    }

    @Test
    void anUnreadableRecordKeepsItsIdWhenItCouldBeRead() {
        SourceRecord.Unreadable u = (SourceRecord.Unreadable) CanonicalRecords.decode("{\"Id\":\"keep\",\"X\":1}", AT);
        assertThat(u.rejection().id()).isEqualTo("keep");
        assertThat(u.rejection().locator()).isEqualTo(AT);
    }

    @Test
    void invalidUtf8IsARejectionNotAnException() {
        byte[] bad = "{\"Id\":\"a\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1); // a lone 0xFF byte
        assertThat(rules(CanonicalRecords.decodeLine(bad, 0, bad.length, AT))).containsExactly(CanonicalRecords.RULE_UTF8);
        byte[] good = "xx{\"Id\":\"é\"}yy".getBytes(StandardCharsets.UTF_8);
        SourceRecord r = CanonicalRecords.decodeLine(good, 2, good.length - 4, AT);
        assertThat(((SourceRecord.Readable) r).message().id()).isEqualTo("é");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "{\"Id\":\"a\",\"MessageBody\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThat(rules(CanonicalRecords.decode(deep, AT))).containsExactly(CanonicalRecords.RULE_JSON);
    }

    @Test
    void jsonErrorsDoNotQuoteTheWholeLine() {
        String line = "{\"Id\":\"a\",\"MessageBody\":{\"Message\":\"" + "secret words ".repeat(500) + "\"},}";
        SourceRecord.Unreadable u = (SourceRecord.Unreadable) CanonicalRecords.decode(line, AT);
        assertThat(u.rejection().violations().get(0).message()).hasSizeLessThan(300).doesNotContain("[Source");
    }
}
