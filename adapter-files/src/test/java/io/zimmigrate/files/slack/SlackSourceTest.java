package io.zimmigrate.files.slack;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlackSourceTest {
    private static final Path EXAMPLE = Examples.path("slack-export");

    @TempDir
    Path temp;

    private static MessageSource slack(Path location) {
        return new SlackSourceProvider().open(location.toString(), Map.of());
    }

    /** A copy of the example to modify. */
    private Path copyOfExample() throws IOException {
        Path copy = temp.resolve("export");
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(EXAMPLE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return copy;
    }

    @Test
    void theExampleBecomesTheDocumentedMessages() {
        List<SourceRecord> records = all(slack(EXAMPLE));
        List<RawMessage> msgs = readable(records);
        assertThat(msgs).extracting(RawMessage::id).containsExactly(
                "C01GENERAL/1732000000.000100",
                "C01GENERAL/1732000020.000100",
                "C01GENERAL/1732000025.000200",
                "C01GENERAL/1732000030.000300",
                "C01GENERAL/1732000030.000700",
                "C01GENERAL/1732000040.000100",
                "C01GENERAL/1732000040.000100/F01LOGO",
                "C01GENERAL/1732000050.000100",
                "C01GENERAL/1732086000.000100",
                "C01GENERAL/1732086060.000100",
                "G01SECRET/1732001000.000100",
                "G01SECRET/1732001060.000100",
                "G02TRIO/1732002000.000100",
                "G02TRIO/1732002030.000100",
                "D01ALICEBOB/1732003000.000100",
                "D01ALICEBOB/1732003060.000100/F02CONTRACT",
                "D01ALICEBOB/1732003120.000100");
        assertThat(msgs.stream().filter(m -> m.groupId() != null)).hasSize(14);

        List<SourceRecord.Unreadable> rejected = unreadable(records);
        assertThat(rejected).hasSize(2);
        assertThat(rejected).allSatisfy(r -> assertThat(rules(r)).containsExactly(SlackMessages.RULE_SUBTYPE));
        assertThat(rejected.get(0).rejection().violations().get(0).message()).startsWith("\"channel_join\" is a membership event");
        assertThat(rejected.get(1).rejection().id()).isEqualTo("C01GENERAL/1732086120.000100");

        Examples.assertAllAccepted(records);
    }

    @Test
    void fieldsAreMappedAsDocumented() {
        Map<String, RawMessage> byId = readable(all(slack(EXAMPLE))).stream()
                .collect(Collectors.toMap(RawMessage::id, m -> m));
        RawMessage first = byId.get("C01GENERAL/1732000000.000100");
        assertThat(first).isEqualTo(RawMessage.builder().id("C01GENERAL/1732000000.000100").groupId("C01GENERAL")
                .fromUserId("U01ALICE").messageType(1).priority(1).bodyMessage("Good morning, everyone!")
                .sendMessageTime(1732000000000L).build());
        // Two messages in one millisecond keep their ts order (the engine orders equal times by position).
        assertThat(byId.get("C01GENERAL/1732000030.000300").sendMessageTime()).isEqualTo(1732000030000L);
        assertThat(byId.get("C01GENERAL/1732000030.000700").sendMessageTime()).isEqualTo(1732000030000L);
        // Thread replies and broadcasts name their parent.
        assertThat(byId.get("C01GENERAL/1732000025.000200").bodyExtendedData())
                .isEqualTo("{\"thread_ts\":\"1732000020.000100\",\"parent_id\":\"C01GENERAL/1732000020.000100\"}");
        assertThat(byId.get("C01GENERAL/1732086000.000100").bodyExtendedData()).contains("C01GENERAL/1732000020.000100");
        assertThat(byId.get("C01GENERAL/1732000020.000100").bodyExtendedData()).isNull();
        // A shared image and its caption.
        assertThat(byId.get("C01GENERAL/1732000040.000100").bodyMessage()).isEqualTo("Here is the new logo");
        RawMessage image = byId.get("C01GENERAL/1732000040.000100/F01LOGO");
        assertThat(image.messageType()).isEqualTo(11);
        assertThat(image.bodyMessage()).isEqualTo("{\"Uid\":\"F01LOGO\",\"FileName\":\"logo.png\",\"Size\":20480,"
                + "\"Origin\":{\"Url\":\"https://files.slack.com/files-pri/T01-F01LOGO/logo.png\",\"Width\":640,\"Height\":480},"
                + "\"Thumbnail\":{\"Url\":\"https://files.slack.com/files-tmb/T01-F01LOGO/logo_360.png\",\"Width\":360,\"Height\":270}}");
        // A bot message is sent by the bot's user from users.json.
        assertThat(byId.get("C01GENERAL/1732000050.000100").fromUserId()).isEqualTo("U04DEPLOY");
        // DMs go to the other member; a file without a caption is only a file message.
        assertThat(byId.get("D01ALICEBOB/1732003000.000100").toUserId()).isEqualTo("U02BOB");
        RawMessage file = byId.get("D01ALICEBOB/1732003060.000100/F02CONTRACT");
        assertThat(file.toUserId()).isEqualTo("U01ALICE");
        assertThat(file.groupId()).isNull();
        assertThat(file.messageType()).isEqualTo(12);
        assertThat(file.bodyMessage()).isEqualTo("{\"Uid\":\"F02CONTRACT\",\"FileName\":\"contract.pdf\",\"Size\":102400,"
                + "\"Url\":\"https://files.slack.com/files-pri/T01-F02CONTRACT/contract.pdf\"}");
        assertThat(byId).doesNotContainKey("D01ALICEBOB/1732003060.000100");
    }

    @Test
    void theZipReadsLikeTheFolderWithOrWithoutAWrappingFolder() throws IOException {
        List<RawMessage> fromFolder = readable(all(slack(EXAMPLE)));
        Path flat = Examples.zip(EXAMPLE, temp.resolve("flat.zip"), "");
        Path wrapped = Examples.zip(EXAMPLE, temp.resolve("wrapped.zip"), "My Workspace Slack export/");
        assertThat(readable(all(slack(flat)))).isEqualTo(fromFolder);
        assertThat(readable(all(slack(wrapped)))).isEqualTo(fromFolder);
        List<SourceRecord> records = all(slack(flat));
        assertThat(records.get(0).locator().origin()).isEqualTo(flat + "!general/2024-11-19.json");
        assertThat(records.get(0).locator().position()).isEqualTo(2);
    }

    @Test
    void theFormatIsRecognisedFromTheFolderOrZip() throws IOException {
        SourceFormats formats = SourceFormats.installed();
        assertThat(formats.choose(EXAMPLE.toString(), null).formatName()).isEqualTo("slack");
        Path zip = Examples.zip(EXAMPLE, temp.resolve("export.zip"), "");
        assertThat(formats.choose(zip.toString(), null).formatName()).isEqualTo("slack");
        assertThat(new SlackSourceProvider().recognises(temp.toString())).isFalse();
    }

    @Test
    void aTruncatedZipIsAClearErrorNamingTheFile() throws IOException {
        Path zip = Examples.zip(EXAMPLE, temp.resolve("export.zip"), "");
        byte[] bytes = Files.readAllBytes(zip);
        Path cut = temp.resolve("cut.zip");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertThatThrownBy(() -> slack(cut))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("cannot read the Slack export " + cut + ": it is not a complete zip file")
                .hasMessageContaining("download it again");
    }

    @Test
    void aMissingUsersFileIsAClearError() throws IOException {
        Path copy = copyOfExample();
        Files.delete(copy.resolve("users.json"));
        assertThatThrownBy(() -> slack(copy))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("the Slack export " + copy + " has no users.json");
    }

    @Test
    void brokenMetadataNamesFileLineAndColumn() throws IOException {
        Path copy = copyOfExample();
        Files.writeString(copy.resolve("channels.json"), "[\n  {\"id\": \"C1\",\n  \"name\": }\n]");
        assertThatThrownBy(() -> slack(copy))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith(copy.resolve("channels.json") + ":3:")
                .hasMessageContaining("is not valid JSON");
    }

    @Test
    void aBrokenDayFileKeepsWhatWasReadAndRejectsTheRest() throws IOException {
        Path copy = copyOfExample();
        Files.writeString(copy.resolve("secret-plans/2024-11-19.json"), "[\n"
                + "  {\"type\": \"message\", \"user\": \"U02BOB\", \"text\": \"kept\", \"ts\": \"1732001000.000100\"},\n"
                + "  {\"type\": \"message\", \"user\": \"U02BOB\", \"text\": \"cut\n");
        List<SourceRecord> records = all(slack(copy));
        List<RawMessage> msgs = readable(records);
        assertThat(msgs).extracting(RawMessage::bodyMessage).contains("kept", "Lunch at noon?", "Thanks!");
        List<SourceRecord.Unreadable> broken = unreadable(records).stream()
                .filter(u -> rules(u).contains(SlackSource.RULE_JSON)).toList();
        assertThat(broken).hasSize(1);
        assertThat(broken.get(0).locator().origin()).endsWith("secret-plans/2024-11-19.json");
        assertThat(broken.get(0).rejection().violations().get(0).message())
                .contains("is not valid JSON").contains("the rest of this file is not read");
    }

    @Test
    void sendersMustBeUsersAndDmSendersMembers() throws IOException {
        Path copy = copyOfExample();
        Files.writeString(copy.resolve("D01ALICEBOB/2024-11-19.json"), "[\n"
                + "{\"type\":\"message\",\"user\":\"U03CAROL\",\"text\":\"not in this DM\",\"ts\":\"1732003000.000100\"},\n"
                + "{\"type\":\"message\",\"user\":\"U99GHOST\",\"text\":\"who?\",\"ts\":\"1732003001.000100\"},\n"
                + "{\"type\":\"message\",\"subtype\":\"bot_message\",\"bot_id\":\"B77\",\"username\":\"hook\",\"text\":\"x\",\"ts\":\"1732003002.000100\"},\n"
                + "{\"type\":\"message\",\"user\":\"U01ALICE\",\"ts\":\"1732003003.000100\"},\n"
                + "{\"type\":\"message\",\"user\":\"U01ALICE\",\"text\":\"bad ts\",\"ts\":\"yesterday\"},\n"
                + "{\"type\":\"message\",\"user\":\"U01ALICE\",\"text\":\"f\",\"ts\":\"1732003004.000100\",\"files\":[{\"id\":\"F9\",\"mode\":\"tombstone\"}]}\n"
                + "]\n");
        List<SourceRecord.Unreadable> rejected = unreadable(all(slack(copy))).stream()
                .filter(u -> u.locator().origin().contains("D01ALICEBOB")).toList();
        assertThat(rejected).extracting(u -> rules(u).get(0)).containsExactly(
                SlackMessages.RULE_TS, SlackMessages.RULE_DM_MEMBER, SlackMessages.RULE_UNKNOWN_USER,
                SlackMessages.RULE_UNKNOWN_USER, SlackMessages.RULE_NO_CONTENT, SlackMessages.RULE_FILE);
        assertThat(rejected.get(0).locator().position()).isEqualTo(6);
        assertThat(rejected.get(2).rejection().violations().get(0).message()).contains("\"U99GHOST\" is not in users.json");
        assertThat(rejected.get(3).rejection().violations().get(0).message()).contains("the bot \"B77\" (\"hook\")");
    }

    @Test
    void aDmWithSomeoneNotInUsersIsRejected() throws IOException {
        Path copy = copyOfExample();
        Files.writeString(copy.resolve("dms.json"), "[{\"id\":\"D01ALICEBOB\",\"members\":[\"U01ALICE\",\"U98GONE\"]}]");
        List<SourceRecord.Unreadable> rejected = unreadable(all(slack(copy))).stream()
                .filter(u -> u.locator().origin().contains("D01ALICEBOB")).toList();
        // Alice's two messages name the unknown peer; Bob is no longer a member of the DM.
        assertThat(rejected).extracting(u -> rules(u).get(0)).containsExactly(SlackMessages.RULE_UNKNOWN_USER,
                SlackMessages.RULE_DM_MEMBER, SlackMessages.RULE_UNKNOWN_USER);
        assertThat(rejected.get(0).rejection().violations().get(0).message()).contains("\"U98GONE\" is not in users.json");
    }

    @Test
    void aFolderNoListNamesIsReportedNotSkipped() throws IOException {
        Path copy = copyOfExample();
        Files.createDirectories(copy.resolve("mystery"));
        Files.writeString(copy.resolve("mystery/2024-11-19.json"), "[]");
        List<SourceRecord.Unreadable> rejected = unreadable(all(slack(copy)));
        assertThat(rejected).anySatisfy(u -> {
            assertThat(rules(u)).containsExactly(SlackSource.RULE_UNLISTED);
            assertThat(u.locator().origin()).endsWith("mystery/2024-11-19.json");
        });
    }

    @Test
    void invalidSlackIdsAreMappedAndListed() throws IOException {
        Path copy = copyOfExample();
        for (String f : List.of("users.json", "channels.json", "groups.json", "mpims.json", "dms.json",
                "general/2024-11-19.json", "general/2024-11-20.json", "secret-plans/2024-11-19.json",
                "mpdm-alice--bob--carol-1/2024-11-19.json", "D01ALICEBOB/2024-11-19.json")) {
            Path p = copy.resolve(f);
            Files.writeString(p, Files.readString(p).replace("U01ALICE", "alice@example.com/ext").replace("C01GENERAL", "C01 Général"));
        }
        SlackSource source = (SlackSource) slack(copy);
        List<IdMapping> mappings = source.idMappings();
        assertThat(mappings).extracting(IdMapping::kind, IdMapping::sourceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(IdKind.USER, "alice@example.com/ext"),
                        org.assertj.core.groups.Tuple.tuple(IdKind.GROUP, "C01 Général"));
        String alice = mappings.get(0).zimId();
        String general = mappings.get(1).zimId();
        assertThat(alice).matches("alice@example.com_e~[a-z2-7]{12}"); // prefix cut to 19 characters
        assertThat(general).matches("C01_G_n_ral~[a-z2-7]{12}");
        List<SourceRecord> records = all(source);
        RawMessage first = readable(records).get(0);
        assertThat(first.fromUserId()).isEqualTo(alice);
        assertThat(first.groupId()).isEqualTo(general);
        assertThat(first.id()).isEqualTo("C01 Général/1732000000.000100"); // the source ID stays the Slack one
        Examples.assertAllAccepted(records);
    }
}
