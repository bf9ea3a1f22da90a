package io.zimmigrate.files.sendbird;

import static io.zimmigrate.files.Records.all;
import static io.zimmigrate.files.Records.readable;
import static io.zimmigrate.files.Records.rules;
import static io.zimmigrate.files.Records.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.idmap.IdKind;
import io.zimmigrate.core.idmap.IdMapping;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.port.SourceFormats;
import io.zimmigrate.files.Examples;
import io.zimmigrate.files.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendbirdSourceTest {
    static final Path EXAMPLE = Examples.path("sendbird-export");
    static final String GROUP_URL = "sendbird_group_channel_214748_5d7f3ac9b1e04e2f8a6c9d0b1e2f3a4b";
    static final String DM_URL = "sendbird_group_channel_214748_0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @TempDir
    Path temp;

    private static SendbirdSource sendbird(Path location, Map<String, String> options) {
        return (SendbirdSource) new SendbirdSourceProvider().open(location.toString(), options);
    }

    private static Map<String, RawMessage> byId(List<SourceRecord> records) {
        return readable(records).stream().collect(Collectors.toMap(RawMessage::id, Function.identity()));
    }

    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void theExampleBecomesTheDocumentedMessages() throws IOException {
        SendbirdSource source = sendbird(EXAMPLE, Map.of());
        List<SourceRecord> records = all(source);
        assertThat(records).hasSize(12);
        assertThat(unreadable(records)).singleElement().satisfies(u -> {
            assertThat(rules(u)).containsExactly(SendbirdMessages.RULE_REMOVED);
            assertThat(u.rejection().id()).isEqualTo("7310000006");
            assertThat(u.locator().origin()).endsWith("messages-export.json");
        });
        Examples.assertAllAccepted(records);
        Map<String, RawMessage> m = byId(records);
        assertThat(source.oneToOneChannels()).isEqualTo(1);

        String group = m.get("7310000001").groupId();
        assertThat(group).startsWith("sendbird_group_chan~").hasSizeLessThanOrEqualTo(32);
        assertThat(m.get("7310000001")).isEqualTo(RawMessage.builder().id("7310000001").groupId(group).fromUserId("alice")
                .messageType(1).priority(1).bodyMessage("Morning all! Release review at 10.").sendMessageTime(1732000000000L).build());
        // A thread reply names its parent; mentions are listed as ZIM user IDs.
        assertThat(json(m.get("7310000002").bodyExtendedData()))
                .isEqualTo(json("{\"parent_id\":\"7310000001\",\"mentioned_users\":[\"alice\"]}"));
        // An image: Origin sized from the largest thumbnail, Thumbnail the smallest.
        RawMessage image = m.get("7310000003");
        assertThat(image.messageType()).isEqualTo(11);
        assertThat(json(image.bodyMessage())).isEqualTo(json("""
                {"Uid":"7310000003","FileName":"release-chart.png","Size":184320,
                 "Origin":{"Url":"https://file-us-1.sendbird.com/6a1f2e3d4c5b/release-chart.png","Width":1024,"Height":768},
                 "Thumbnail":{"Url":"https://file-us-1.sendbird.com/6a1f2e3d4c5b/thumb_240.png","Width":240,"Height":180}}"""));
        assertThat(m.get("7310000004").messageType()).isEqualTo(12);
        assertThat(json(m.get("7310000004").bodyMessage()).get("Url").asText()).endsWith("release-notes.pdf");
        // An admin message: custom (200) from the admin user, its kind and custom_type in ExtendedData.
        RawMessage admin = m.get("7310000005");
        assertThat(admin.messageType()).isEqualTo(200);
        assertThat(admin.subMsgType()).isZero();
        assertThat(admin.fromUserId()).isEqualTo("sendbird-admin");
        assertThat(json(admin.bodyExtendedData())).isEqualTo(json("{\"sendbird_type\":\"ADMM\",\"custom_type\":\"notice\"}"));
        // custom_type and data of a text message land in ExtendedData.
        assertThat(json(m.get("7310000007").bodyExtendedData()))
                .isEqualTo(json("{\"custom_type\":\"poll\",\"data\":\"{\\\"options\\\":[\\\"Thursday\\\",\\\"Friday\\\"]}\"}"));
        // The distinct two-member channel is one-to-one, both ways.
        assertThat(m.get("7310000008").toUserId()).isEqualTo("bob");
        assertThat(m.get("7310000008").groupId()).isNull();
        assertThat(m.get("7310000009").toUserId()).isEqualTo("alice");
        assertThat(m.get("7310000009").messageType()).isEqualTo(13);
        // The open channel is a group; a video keeps its thumbnail as the first frame.
        RawMessage video = m.get("7310000010");
        assertThat(video.messageType()).isEqualTo(14);
        assertThat(json(video.bodyMessage()).get("Thumbnail").get("Height").asInt()).isEqualTo(180);
        assertThat(video.groupId()).startsWith("sendbird_open_chann~");
        assertThat(m.get("7310000012").groupId()).isEqualTo(video.groupId());

        List<IdMapping> mappings = source.idMappings();
        assertThat(mappings).extracting(IdMapping::kind).containsOnly(IdKind.GROUP);
        assertThat(mappings).extracting(IdMapping::sourceId).containsExactly(GROUP_URL, "sendbird_open_channel_214748_town_hall");
        assertThat(mappings.get(0).zimId()).isEqualTo(group);
    }

    @Test
    void theZipTheFolderAndTheMessagesFileAreRecognisedByContentNotName() throws IOException {
        Path zip = Examples.zip(EXAMPLE, temp.resolve("export_1732.zip"), "export/");
        Path renamed = Files.copy(EXAMPLE.resolve("messages-export.json"), temp.resolve("data-1.json"));
        SourceFormats formats = SourceFormats.installed();
        for (Path p : List.of(EXAMPLE, zip, renamed)) {
            assertThat(formats.choose(p.toString(), null).formatName()).as(p.toString()).isEqualTo("sendbird");
        }
        assertThat(new SendbirdSourceProvider().recognises(EXAMPLE.resolve("channels-export.json").toString())).isFalse();
        assertThat(new SendbirdSourceProvider().recognises(Examples.path("slack-export").toString())).isFalse();
        assertThat(new SendbirdSourceProvider().recognises(Examples.path("mattermost.jsonl").toString())).isFalse();

        List<SourceRecord> fromZip = all(sendbird(zip, Map.of()));
        assertThat(readable(fromZip)).isEqualTo(readable(all(sendbird(EXAMPLE, Map.of()))));
        assertThat(fromZip.get(0).locator().origin()).isEqualTo(zip + "!export/messages-export.json");
    }

    @Test
    void withoutTheChannelsExportEveryChannelIsAGroupAndTheOptionAddsIt() {
        Path messages = EXAMPLE.resolve("messages-export.json");
        assertThat(byId(all(sendbird(messages, Map.of()))).get("7310000008").groupId()).startsWith("sendbird_group_chan~");

        SendbirdSource withChannels = sendbird(messages, Map.of("channels", EXAMPLE.resolve("channels-export.json").toString()));
        assertThat(byId(all(withChannels)).get("7310000008").toUserId()).isEqualTo("bob");
    }

    @Test
    void adminMessagesCanBeSkippedEachWithAReason() {
        List<SourceRecord> records = all(sendbird(EXAMPLE, Map.of("admin-messages", "skip")));
        assertThat(unreadable(records)).extracting(u -> rules(u).get(0))
                .containsExactly(SendbirdMessages.RULE_ADMIN_SKIPPED, SendbirdMessages.RULE_REMOVED, SendbirdMessages.RULE_ADMIN_SKIPPED);
        assertThat(readable(records)).hasSize(9);
    }

    @Test
    void badOptionsStopWithAMessage() {
        assertThatThrownBy(() -> sendbird(EXAMPLE, Map.of("admin-messages", "drop"))).isInstanceOf(SourceException.class)
                .hasMessageContaining("custom or skip");
        assertThatThrownBy(() -> sendbird(EXAMPLE, Map.of("admin-user", "has space"))).hasMessageContaining("valid ZIM user ID");
        assertThatThrownBy(() -> sendbird(EXAMPLE, Map.of("admin-sub-msg-type", "201"))).hasMessageContaining("0 to 200");
        assertThatThrownBy(() -> sendbird(EXAMPLE, Map.of("colour", "red"))).hasMessageContaining("unknown option 'colour'");
    }

    @Test
    void everyUnreadableRecordIsARejectionNamingFileLineFieldAndRule() throws IOException {
        Path file = temp.resolve("messages.json");
        Files.writeString(file, """
                [
                {"message_id": 1, "type": "MESG", "channel_url": "room", "user": {"user_id": "alice"}, "message": "ok", "created_at": 1732000000000},
                "not an object",
                {"message_id": "two", "type": "MESG", "channel_url": "room", "message": "x", "created_at": "yesterday"},
                {"message_id": 3, "type": "BRDM", "channel_url": "room", "created_at": 1732000000000},
                {"message_id": 4, "type": "FILE", "channel_url": "room", "user": {"user_id": "bob"}, "file": {"name": "a.txt"}, "created_at": 1732000000000},
                {"message_id": 5, "type": "MESG", "channel_url": "room", "user": {"user_id": "bob"}, "message": "", "created_at": 1732000000000},
                {"message_id": 6, "type": "MESG", "channel_url": "room", "user": {"user_id": "bob"}, "message": "still read", "created_at": 1732000001000},
                {"message_id": 7, "type": "MESG", "channel_url": "room", "user": {"user_id": "bob"}, "message": "cut off
                """);
        List<SourceRecord> records = all(sendbird(file, Map.of()));
        assertThat(readable(records)).extracting(RawMessage::id).containsExactly("1", "6");
        List<SourceRecord.Unreadable> bad = unreadable(records);
        assertThat(bad).extracting(u -> u.locator().position()).containsExactly(3L, 4L, 5L, 6L, 7L, 9L);
        assertThat(bad).allSatisfy(u -> assertThat(u.locator().origin()).isEqualTo(file.toString()));
        assertThat(rules(bad.get(0))).containsExactly(SendbirdSource.RULE_JSON);
        assertThat(bad.get(1).rejection().violations()).extracting(v -> v.field() + " " + v.rule()).containsExactly(
                "message_id sendbird.field-type", "created_at sendbird.field-type");
        assertThat(rules(bad.get(2))).containsExactly(SendbirdMessages.RULE_TYPE);
        assertThat(bad.get(3).rejection().violations()).extracting(v -> v.field() + " " + v.rule())
                .containsExactly("file.url " + SendbirdMessages.RULE_FILE_URL);
        assertThat(rules(bad.get(4))).containsExactly(SendbirdMessages.RULE_NO_CONTENT);
        assertThat(rules(bad.get(5))).containsExactly(SendbirdSource.RULE_JSON);
        assertThat(bad.get(5).rejection().violations().get(0).message()).contains("not valid JSON", "the rest of this file is not read");
    }

    @Test
    void aOneToOneMessageFromSomeoneElseIsRejected() throws IOException {
        Files.writeString(temp.resolve("channels.json"), "[{\"channel_url\":\"dm\",\"is_distinct\":true,\"member_count\":2,"
                + "\"members\":[{\"user_id\":\"alice\"},{\"user_id\":\"bob\"}]}]");
        Files.writeString(temp.resolve("messages.json"), "[{\"message_id\":1,\"type\":\"MESG\",\"channel_url\":\"dm\","
                + "\"user\":{\"user_id\":\"carol\"},\"message\":\"hi\",\"created_at\":1732000000000},\n"
                + "{\"message_id\":2,\"type\":\"ADMM\",\"channel_url\":\"dm\",\"message\":\"Channel created\",\"created_at\":1732000000000}]");
        List<SourceRecord> records = all(sendbird(temp, Map.of()));
        assertThat(unreadable(records)).hasSize(2).allSatisfy(u -> assertThat(rules(u)).containsExactly(SendbirdMessages.RULE_DM_MEMBER));
        assertThat(unreadable(records).get(0).rejection().violations().get(0).field()).isEqualTo("user.user_id");
        assertThat(unreadable(records).get(1).rejection().violations().get(0).message()).contains("admin message");
    }

    @Test
    void csvAndUnknownFilesAreReportedAndAUsersExportIsNotRead() throws IOException {
        Files.copy(EXAMPLE.resolve("messages-export.json"), temp.resolve("a.json"));
        Files.writeString(temp.resolve("b.json"), "{\"webhooks\":[{\"id\":1}]}");
        Files.writeString(temp.resolve("c.json"), "[{\"user_id\":\"alice\",\"nickname\":\"Alice\"}]");
        Files.writeString(temp.resolve("d.csv"), "message_id,type\n1,MESG\n");
        List<SourceRecord> records = all(sendbird(temp, Map.of()));
        assertThat(unreadable(records)).extracting(u -> rules(u).get(0)).containsExactly(
                SendbirdMessages.RULE_REMOVED, SendbirdSource.RULE_UNRECOGNISED, SendbirdSource.RULE_CSV);
        assertThat(readable(records)).hasSize(11);
    }

    @Test
    void anInputWithoutMessagesStopsWithAMessage() throws IOException {
        Files.writeString(temp.resolve("export.csv"), "message_id,type\n1,MESG\n");
        assertThatThrownBy(() -> sendbird(temp, Map.of())).isInstanceOf(SourceException.class)
                .hasMessageContaining("holds no Sendbird messages export").hasMessageContaining("CSV export is not read");
        assertThatThrownBy(() -> sendbird(EXAMPLE.resolve("channels-export.json"), Map.of()))
                .hasMessageContaining("only a channels export");
        assertThatThrownBy(() -> sendbird(temp.resolve("missing"), Map.of())).hasMessageContaining("no such file or folder");
    }

    @Test
    void aTruncatedZipOrBrokenChannelsExportStops() throws IOException {
        byte[] whole = Files.readAllBytes(Examples.zip(EXAMPLE, temp.resolve("whole.zip"), ""));
        Path cut = Files.write(temp.resolve("cut.zip"), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> sendbird(cut, Map.of())).isInstanceOf(SourceException.class)
                .hasMessageContaining("cut.zip").hasMessageContaining("not a complete zip file");

        Path dir = Files.createDirectory(temp.resolve("broken"));
        Files.copy(EXAMPLE.resolve("messages-export.json"), dir.resolve("messages.json"));
        Files.writeString(dir.resolve("channels.json"), "[{\"channel_url\":\"a\"},\n{\"channel_url\": ");
        // Classified by its first record, then unreadable further on: the channels decide where whole conversations go.
        assertThatThrownBy(() -> sendbird(dir, Map.of())).isInstanceOf(SourceException.class)
                .hasMessageContaining(dir.resolve("channels.json") + ":").hasMessageContaining("not valid JSON");
    }

    @Test
    void itHasAnIdentityThatChangesWithTheFilesAndItsIdMapIsCompleteAfterAPass() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("export"));
        Files.copy(EXAMPLE.resolve("messages-export.json"), dir.resolve("messages.json"));
        Files.copy(EXAMPLE.resolve("channels-export.json"), dir.resolve("channels.json"));
        SendbirdSource source = sendbird(dir, Map.of());
        String before = source.identity().orElseThrow();
        assertThat(sendbird(dir, Map.of()).identity()).contains(before);
        assertThat(sendbird(dir, Map.of("admin-messages", "skip")).identity().orElseThrow()).isNotEqualTo(before);
        assertThat(source.idMappingsComplete()).isFalse();
        all(source);
        assertThat(source.idMappingsComplete()).isTrue();

        Files.writeString(dir.resolve("late.csv"), "message_id\n1\n");
        String withCsv = sendbird(dir, Map.of()).identity().orElseThrow();
        assertThat(withCsv).isNotEqualTo(before); // a CSV file is reported, so it is part of what a pass yields
        before = withCsv;
        Files.writeString(dir.resolve("channels.json"), Files.readString(dir.resolve("channels.json")) + "\n");
        Files.setLastModifiedTime(dir.resolve("channels.json"), FileTime.fromMillis(0));
        assertThat(sendbird(dir, Map.of()).identity().orElseThrow()).isNotEqualTo(before);
    }

    @Test
    void aMessagesFileIsReadOneRecordAtATime() throws IOException {
        // 50,000 messages in one list: the first record arrives before the rest is parsed, and all are read.
        Path file = temp.resolve("big.json");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("{\"messages\":[\n");
            for (int i = 1; i <= 50_000; i++) {
                out.write((i > 1 ? ",\n" : "") + "{\"message_id\":" + i + ",\"type\":\"MESG\",\"channel_url\":\"room\","
                        + "\"user\":{\"user_id\":\"u" + (i % 7) + "\"},\"message\":\"m" + i + "\",\"created_at\":" + (1732000000000L + i) + "}");
            }
            out.write("\n]}\n");
        }
        try (MessageSource.RecordStream pass = sendbird(file, Map.of()).open()) {
            SourceRecord first = pass.next();
            assertThat(first.locator().position()).isEqualTo(2);
            long count = 1;
            while (pass.hasNext()) {
                pass.next();
                count++;
            }
            assertThat(count).isEqualTo(50_000);
        }
    }
}
