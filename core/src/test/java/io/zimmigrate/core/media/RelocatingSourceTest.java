package io.zimmigrate.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelocatingSourceTest {

    private static final MediaRelocation RELOCATION = new MediaRelocation(MediaUrlBase.of("https://cdn.example.com/m/"));

    private static RawMessage file(String id, String url) {
        return RawMessage.builder().id(id).groupId("g").fromUserId("u").messageType(12).sendMessageTime(1L)
                .bodyMessage("{\"Uid\":\"" + id + "\",\"Url\":\"" + url + "\",\"FileName\":\"report.pdf\"}").build();
    }

    private static RawMessage text(String id) {
        return RawMessage.builder().id(id).groupId("g").fromUserId("u").messageType(1).bodyMessage("https://x/y").build();
    }

    private static List<SourceRecord> read(MessageSource source) {
        List<SourceRecord> out = new ArrayList<>();
        try (MessageSource.RecordStream s = source.open()) {
            s.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void theEngineSeesOnlyRelocatedUrlsAndTheCopierHearsOfEachObject() {
        List<MediaObject> found = new ArrayList<>();
        MessageSource source = new RelocatingSource(new ListSource(List.of(text("t"), file("f1", "https://old/a"),
                file("f2", "https://old/a"))), RELOCATION, MediaFailures.NONE, OnUnavailable.REJECT, found::add, l -> { });
        List<SourceRecord> records = read(source);
        String key = MediaKeys.keyFor("https://old/a", "report.pdf", RELOCATION.base().keyRoom());
        assertThat(records).hasSize(3).allMatch(r -> r instanceof SourceRecord.Readable);
        assertThat(((SourceRecord.Readable) records.get(0)).message().bodyMessage()).isEqualTo("https://x/y");
        assertThat(((SourceRecord.Readable) records.get(1)).message().bodyMessage())
                .isEqualTo("{\"Uid\":\"f1\",\"Url\":\"https://cdn.example.com/m/" + key + "\",\"FileName\":\"report.pdf\"}");
        assertThat(found).containsExactly(new MediaObject(key, "https://old/a"), new MediaObject(key, "https://old/a"));
        // read twice (a sort, a resumed run), the same bodies
        assertThat(read(source)).isEqualTo(records);
    }

    @Test
    void anUnavailableOriginalRejectsTheMessageWithTheReason() {
        String key = RELOCATION.objectsOf(file("f", "https://old/gone")).get(0).key();
        MediaFailures failures = k -> k.equals(key) ? Optional.of("HTTP 404 Not Found") : Optional.empty();
        List<SourceRecord> records = read(new RelocatingSource(new ListSource(List.of(file("f", "https://old/gone"))),
                RELOCATION, failures, OnUnavailable.REJECT, o -> { }, l -> { }));
        SourceRecord.Unreadable rejected = (SourceRecord.Unreadable) records.get(0);
        assertThat(rejected.rejection().id()).isEqualTo("f");
        assertThat(rejected.rejection().violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(RelocatingSource.RULE_UNAVAILABLE);
            assertThat(v.field()).isEqualTo("MessageBody.Message.Url");
            assertThat(v.message()).contains("https://old/gone").contains("HTTP 404 Not Found");
        });
    }

    @Test
    void orKeepsItsOriginalUrlAndCountsIt() {
        String key = RELOCATION.objectsOf(file("f", "https://old/gone")).get(0).key();
        List<MediaLink> kept = new ArrayList<>();
        List<MediaObject> found = new ArrayList<>();
        List<SourceRecord> records = read(new RelocatingSource(new ListSource(List.of(file("f", "https://old/gone"))),
                RELOCATION, k -> Optional.ofNullable(Map.of(key, "HTTP 403 Forbidden").get(k)),
                OnUnavailable.KEEP_ORIGINAL, found::add, kept::add));
        assertThat(((SourceRecord.Readable) records.get(0)).message()).isEqualTo(file("f", "https://old/gone"));
        assertThat(kept).extracting(MediaLink::source).containsExactly("https://old/gone");
        assertThat(found).isEmpty();
    }

    @Test
    void urlsAlreadyUnderTheBaseStayAndNeedNoObject() {
        RawMessage done = file("f", "https://cdn.example.com/m/abc/report.pdf");
        assertThat(RELOCATION.relocate(done, (l, o) -> false)).isEqualTo(new MediaRelocation.Relocated(done, List.of(), List.of()));
    }

    @Test
    void aRelocatingSourceIsAlwaysReadAgainSoTheCopierHearsOfEveryObject() {
        MessageSource source = new RelocatingSource(new ListSource(List.of(), "file:1"), RELOCATION, MediaFailures.NONE,
                OnUnavailable.REJECT, o -> { }, l -> { });
        assertThat(source.identity()).isEmpty();
    }
}
