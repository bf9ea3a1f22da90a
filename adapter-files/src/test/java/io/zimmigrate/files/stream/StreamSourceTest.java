package io.zimmigrate.files.stream;

import static io.zimmigrate.files.Records.all;
import static io.zimmigrate.files.Records.readable;
import static io.zimmigrate.files.Records.rules;
import static io.zimmigrate.files.Records.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamSourceTest {
    private static final Path V1 = Examples.path("stream-export-v1.json");
    private static final Path V2 = Examples.path("stream-export-v2.jsonl");
    private static final String GENERAL = "{\"channel\":{\"id\":\"general\",\"type\":\"messaging\",\"cid\":\"messaging:general\","
            + "\"member_count\":3},\"members\":[{\"user_id\":\"alice\"},{\"user_id\":\"bob\"},{\"user_id\":\"carol\"}]";

    @TempDir
    Path temp;

    private static StreamSource stream(Path file) {
        return (StreamSource) new StreamSourceProvider().open(file.toString(), Map.of());
    }

    private Path write(String name, String text) throws IOException {
        Path file = temp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static String message(String id, String user, String text) {
        return "{\"id\":\"" + id + "\",\"type\":\"regular\",\"user\":{\"id\":\"" + user + "\"},\"text\":\"" + text
                + "\",\"created_at\":\"2024-11-19T07:06:40.123456Z\"}";
    }

    @Test
    void theV1ExampleMapsEveryFieldTheDocsList() {
        StreamSource source = stream(V1);
        assertThat(source.version()).isEqualTo(StreamExportFile.Version.V1_JSON);
        List<SourceRecord> records = all(source);
        List<RawMessage> messages = readable(records);
        Examples.assertAllAccepted(records);
        assertThat(messages).hasSize(13);

        RawMessage first = messages.get(0);
        assertThat(first.id()).isEqualTo("9b3c1a52-0f6e-4c0e-9a51-7c2f4d1e8a01");
        assertThat(first.groupId()).isEqualTo("messaging:general");
        assertThat(first.fromUserId()).isEqualTo("alice");
        assertThat(first.messageType()).isEqualTo(1);
        assertThat(first.bodyMessage()).isEqualTo("Good morning, team");
        assertThat(first.sendMessageTime()).isEqualTo(1732000000123L);

        RawMessage image = messages.get(2);
        assertThat(image.id()).isEqualTo("9b3c1a52-0f6e-4c0e-9a51-7c2f4d1e8a02/attachment1");
        assertThat(image.messageType()).isEqualTo(11);
        assertThat(image.bodyMessage()).contains("\"Origin\":{\"Url\":\"https://us-east.stream-io-cdn.com/1234/images/dashboard.png\","
                + "\"Width\":1280,\"Height\":720}", "\"FileName\":\"dashboard.png\"", "\"Size\":48213");
        assertThat(messages.get(3).bodyExtendedData()).isEqualTo("{\"parent_id\":\"9b3c1a52-0f6e-4c0e-9a51-7c2f4d1e8a01\"}");
        assertThat(messages.get(4).bodyExtendedData()).isEqualTo("{\"quoted_message_id\":\"9b3c1a52-0f6e-4c0e-9a51-7c2f4d1e8a02\"}");
        RawMessage pdf = messages.get(5);
        assertThat(pdf.messageType()).isEqualTo(12);
        assertThat(pdf.bodyMessage()).contains("\"Url\":\"https://us-east.stream-io-cdn.com/1234/attachments/q4-plan.pdf\"");
        // the link preview is not a message of its own: its URL is in the text
        assertThat(messages.get(6).bodyMessage()).isEqualTo("Release notes: https://example.com/notes");

        List<RawMessage> direct = messages.stream().filter(m -> m.toUserId() != null).toList();
        assertThat(direct).extracting(RawMessage::fromUserId, RawMessage::toUserId, RawMessage::messageType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "bob", 1), org.assertj.core.groups.Tuple.tuple("bob", "alice", 1),
                        org.assertj.core.groups.Tuple.tuple("bob", "alice", 13), org.assertj.core.groups.Tuple.tuple("alice", "bob", 14));
        assertThat(direct.get(2).bodyMessage()).contains("\"FileName\":\"note.aac\"", "\"MediaDuration\":12");

        String live = messages.get(messages.size() - 1).groupId();
        assertThat(live).startsWith("livestream:launch-e~").hasSizeLessThanOrEqualTo(32);
        assertThat(source.idMappings()).containsExactly(
                new IdMapping(IdKind.GROUP, "livestream:launch-event-2024-keynote-and-questions", live));

        assertThat(unreadable(records)).extracting(u -> rules(u).get(0))
                .containsExactly("stream.reactions-not-imported", "stream.deleted", "stream.message-type");
    }

    @Test
    void theV2ExampleHoldsTheSameMessagesAndReportsEachReactionLine() {
        StreamSource v2 = stream(V2);
        assertThat(v2.version()).isEqualTo(StreamExportFile.Version.V2_LINES);
        List<SourceRecord> records = all(v2);
        assertThat(readable(records)).isEqualTo(readable(all(stream(V1))));
        assertThat(unreadable(records)).extracting(u -> rules(u).get(0)).containsExactly("stream.deleted",
                "stream.message-type", "stream.reactions-not-imported", "stream.reactions-not-imported");
    }

    @Test
    void bothExamplesAreRecognisedByContentAndNoOtherExampleIs() {
        StreamSourceProvider provider = new StreamSourceProvider();
        assertThat(provider.recognises(V1.toString())).isTrue();
        assertThat(provider.recognises(V2.toString())).isTrue();
        for (String other : List.of("history.jsonl", "history.csv", "mattermost.jsonl", "slack-export", "slack-export/users.json")) {
            assertThat(provider.recognises(Examples.path(other).toString())).as(other).isFalse();
        }
        assertThat(SourceFormats.installed().choose(V2.toString(), null).formatName()).isEqualTo("stream");
    }

    @Test
    void everyAcceptedV1ShapeClassifiesChannelsTheSameWhereverTheMembersAre() throws IOException {
        String dm = "{\"messages\":[" + message("m2", "bob", "hi") + "],\"channel\":{\"id\":\"!members-x\",\"type\":\"messaging\"},"
                + "\"members\":[{\"user\":{\"id\":\"alice\"}},{\"user\":{\"id\":\"bob\"}}]}";
        String general = GENERAL + ",\"messages\":[" + message("m1", "alice", "hello") + "]}";
        for (String shape : List.of("[" + general + ",\n" + dm + "]", "{\"channels\":[\n" + general + ",\n" + dm + "\n]}")) {
            List<RawMessage> messages = readable(all(stream(write("export.json", shape))));
            assertThat(messages).as(shape).extracting(RawMessage::id, RawMessage::groupId, RawMessage::toUserId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", "messaging:general", null),
                            org.assertj.core.groups.Tuple.tuple("m2", null, "alice"));
        }
    }

    @Test
    void aChannelWithManyMembersIsAGroupAndKeepsOnlyThreeOfThem() throws IOException {
        String members = IntStream.range(0, 5000).mapToObj(i -> "{\"user_id\":\"u" + i + "\"}").collect(Collectors.joining(","));
        Path file = write("big.json", "{\"channel\":{\"id\":\"team\",\"type\":\"messaging\"},\"members\":[" + members
                + "],\"messages\":[" + message("m1", "u7", "hi") + "]}");
        StreamSource source = stream(file);
        assertThat(readable(all(source))).extracting(RawMessage::groupId).containsExactly("messaging:team");
        StreamChannels.Channel team = channelsOf(file).get("messaging:team");
        assertThat(team.members).containsExactly("u0", "u1", "u2");
        assertThat(team.oneToOne()).isFalse();
    }

    private static StreamChannels channelsOf(Path file) {
        StreamChannels found = new StreamChannels();
        try (StreamReader reader = new StreamReader(file, file.toString(), StreamExportFile.version(file, file.toString()), found, k -> null)) {
            while (reader.advance()) {
                // collect
            }
        }
        return found;
    }

    @Test
    void badV2LinesAreRejectedAloneByRuleAndTheRestIsRead() throws IOException {
        Path file = write("export.jsonl", String.join("\n",
                "{\"channel\":{\"id\":\"!members-ab\",\"type\":\"messaging\",\"cid\":\"messaging:!members-ab\"}}",
                "{\"member\":{\"user_id\":\"alice\"}}",
                "{\"member\":{\"user_id\":\"bob\"}}",
                "{\"message\":" + message("m1", "alice", "hi") + "}",
                "{\"message\": {",
                message("bare", "alice", "a bare message"),
                "{\"message\":" + message("m2", "mallory", "not a member").replace("\"type\"", "\"cid\":\"messaging:!members-ab\",\"type\"") + "}",
                "{\"message\":" + message("m3", "alice", "elsewhere").replace("\"type\"", "\"cid\":\"messaging:nowhere\",\"type\"") + "}",
                "{\"message\":" + message("m4", "bob", "").replace("\"created_at\":\"2024-11-19T07:06:40.123456Z\"", "\"created_at\":\"yesterday\"") + "}",
                "[1]",
                "{\"message\":" + message("m5", "bob", "still read") + "}"));
        List<SourceRecord> records = all(stream(file));
        assertThat(readable(records)).extracting(RawMessage::id, RawMessage::toUserId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", "bob"), org.assertj.core.groups.Tuple.tuple("m5", "alice"));
        List<SourceRecord.Unreadable> bad = unreadable(records);
        assertThat(bad).extracting(u -> u.locator().position()).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(bad).extracting(u -> String.join(",", rules(u))).containsExactly("record.json", "stream.line-shape",
                "stream.dm-member", "stream.unknown-channel", "stream.field-type", "record.not-object");
        assertThat(bad.get(4).rejection().violations()).extracting(v -> v.field()).containsExactly("message.created_at");
    }

    @Test
    void brokenV1JsonKeepsTheMessagesBeforeTheBreakAndNamesItsLine() throws IOException {
        Path file = write("export.json", "{\"channels\":[\n" + GENERAL + ",\n\"messages\":[\n" + message("m1", "alice", "one")
                + ",\n" + message("m2", "bob", "two") + ",\n{\"id\": \"m3\", \"text\": \"cut\n");
        List<SourceRecord> records = all(stream(file));
        assertThat(readable(records)).extracting(RawMessage::id).containsExactly("m1", "m2");
        SourceRecord.Unreadable last = unreadable(records).get(0);
        assertThat(rules(last)).containsExactly("stream.json");
        assertThat(last.locator().position()).isEqualTo(6);
        assertThat(last.rejection().violations().get(0).message()).contains("the rest of this file is not read");
    }

    @Test
    void aMinifiedV1DocumentIsStreamedWhateverItsSizeAndReadsLikeThePrettyOne() throws IOException {
        String pretty = Files.readString(V1);
        String minified = Json.MAPPER.readTree(pretty).toString();
        StreamSource small = stream(write("small.json", minified));
        assertThat(readable(all(small))).isEqualTo(readable(all(stream(V1))));

        String many = IntStream.range(0, 12_000).mapToObj(i -> message("m" + i, "alice", "message number " + i))
                .collect(Collectors.joining(","));
        Path big = write("big.json", "{\"channels\":[" + GENERAL + ",\"messages\":[" + many + "]}]}");
        assertThat(Files.size(big)).isGreaterThan(StreamExportFile.VERSION_BYTES);
        StreamSource source = stream(big);
        assertThat(source.version()).as("one line longer than the version probe: streamed as v1")
                .isEqualTo(StreamExportFile.Version.V1_JSON);
        List<RawMessage> messages = readable(all(source));
        assertThat(messages).hasSize(12_000);
        assertThat(messages.get(11_999).id()).isEqualTo("m11999");
    }

    @Test
    void v1BytesThatAreNotUtf8AreRejectedWithTheirLineAndAByteOrderMarkIsSkipped() throws IOException {
        byte[] good = ("\uFEFF{\"channels\":[\n" + GENERAL + ",\"messages\":[\n" + message("m1", "alice", "one") + ",\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = (message("m2", "bob", "caf\u00e9") + "]}]}\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(good, good.length + bad.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Path file = temp.resolve("latin1.json");
        Files.write(file, all);
        List<SourceRecord> records = all(stream(file));
        assertThat(readable(records)).extracting(RawMessage::id).containsExactly("m1");
        SourceRecord.Unreadable broken = unreadable(records).get(0);
        assertThat(rules(broken)).containsExactly("stream.json");
        assertThat(broken.locator().position()).isEqualTo(4);
        assertThat(broken.rejection().violations().get(0).message()).contains("UTF-8");
    }

    @Test
    void aMissingFileStopsWithItsName() {
        assertThatThrownBy(() -> stream(temp.resolve("nope.json"))).isInstanceOf(SourceException.class).hasMessageContaining("nope.json");
    }

    @Test
    void identityIsOfferedAndChangesWithTheFileWhileIdMappingIsCompleteOnlyAfterAPass() throws IOException {
        Path file = write("export.json", Files.readString(V1));
        StreamSource source = stream(file);
        String before = source.identity().orElseThrow();
        assertThat(source.idMappingsComplete()).isFalse();
        all(source);
        assertThat(source.idMappingsComplete()).isTrue();
        Files.writeString(file, Files.readString(V1).replace("Good morning", "Good evening"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertThat(stream(file).identity().orElseThrow()).isNotEqualTo(before);
    }

    @Test
    void eachPassReadsTheSameRecords() {
        MessageSource source = stream(V1);
        assertThat(all(source)).isEqualTo(all(source));
    }
}
