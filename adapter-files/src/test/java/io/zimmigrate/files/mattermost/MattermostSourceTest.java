package io.zimmigrate.files.mattermost;

import static io.zimmigrate.files.Records.all;
import static io.zimmigrate.files.Records.readable;
import static io.zimmigrate.files.Records.rules;
import static io.zimmigrate.files.Records.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.idmap.IdKind;
import io.zimmigrate.core.idmap.IdMapping;
import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.port.SourceFormats;
import io.zimmigrate.files.Examples;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MattermostSourceTest {
    private static final Path EXAMPLE = Examples.path("mattermost.jsonl");
    private static final String VERSION = "{\"type\":\"version\",\"version\":1}\n";

    @TempDir
    Path temp;

    private static MessageSource mattermost(Path location, Map<String, String> options) {
        return new MattermostSourceProvider().open(location.toString(), options);
    }

    private MessageSource lines(String text, Map<String, String> options) throws IOException {
        Path file = temp.resolve("import.jsonl");
        Files.writeString(file, text);
        return mattermost(file, options);
    }

    @Test
    void recognitionDoesNotReadAFirstLineLongerThanAVersionLineCanBe() throws IOException {
        // A minified JSON export of another format is one line of any size: recognition must not read it whole.
        Path file = temp.resolve("minified.json");
        Files.writeString(file, "{\"type\":\"version\",\"version\":1,\"pad\":\"" + "x".repeat(MattermostFile.VERSION_LINE_MAX) + "\"}");
        assertThat(new MattermostSourceProvider().recognises(file.toString())).isFalse();
        assertThat(new MattermostSourceProvider().recognises(EXAMPLE.toString())).isTrue();
    }

    @Test
    void itsIdMappingIsCompleteOnlyOnceAPassReachedTheEnd() {
        MattermostSource source = (MattermostSource) mattermost(EXAMPLE, Map.of());
        assertThat(source.idMappingsComplete()).isFalse();
        try (MessageSource.RecordStream pass = source.open()) {
            pass.next();
            assertThat(source.idMappingsComplete()).isFalse();
            pass.forEachRemaining(r -> {});
        }
        assertThat(source.idMappingsComplete()).isTrue();
        assertThat(source.idMappings()).extracting(IdMapping::sourceId).containsExactly("acme:engineering-announcements-and-news");
    }

    @Test
    void theExampleBecomesTheDocumentedMessages() {
        MattermostSource source = (MattermostSource) mattermost(EXAMPLE, Map.of());
        List<SourceRecord> records = all(source);
        assertThat(unreadable(records)).isEmpty();
        List<RawMessage> msgs = readable(records);
        assertThat(msgs).extracting(RawMessage::id).containsExactly(
                "line9", "line9.reply1", "line9.reply2", "line10", "line11", "line14", "line14.reply1", "line15");
        assertThat(msgs.stream().filter(m -> m.groupId() != null)).hasSize(6);

        assertThat(msgs.get(0)).isEqualTo(RawMessage.builder().id("line9").groupId("acme:town-square").fromUserId("alice")
                .messageType(1).priority(1).bodyMessage("Welcome to the new server!").sendMessageTime(1732000000000L).build());
        assertThat(msgs.get(1).bodyExtendedData()).isEqualTo("{\"parent_id\":\"line9\"}");
        assertThat(msgs.get(1).groupId()).isEqualTo("acme:town-square");
        assertThat(msgs.get(3).groupId()).isEqualTo("acme:release-planning");
        // A channel whose TEAM:CHANNEL is over 32 bytes is mapped, and the mapping is listed.
        List<IdMapping> mappings = source.idMappings();
        assertThat(mappings).hasSize(1);
        assertThat(mappings.get(0).kind()).isEqualTo(IdKind.GROUP);
        assertThat(mappings.get(0).sourceId()).isEqualTo("acme:engineering-announcements-and-news");
        assertThat(msgs.get(4).groupId()).isEqualTo(mappings.get(0).zimId()).matches("acme:engineering-an~[a-z2-7]{12}");
        // direct_post: two members one-to-one (to the other member), three a group.
        assertThat(msgs.get(5).toUserId()).isEqualTo("bob");
        assertThat(msgs.get(6).fromUserId()).isEqualTo("bob");
        assertThat(msgs.get(6).toUserId()).isEqualTo("alice");
        assertThat(msgs.get(7).groupId()).isEqualTo("gm:alice+bob+carol");
        assertThat(msgs.get(7).toUserId()).isNull();

        Examples.assertAllAccepted(records);
    }

    @Test
    void theExampleIsRecognisedByContent() throws IOException {
        assertThat(SourceFormats.installed().choose(EXAMPLE.toString(), null).formatName()).isEqualTo("mattermost");
        Path other = temp.resolve("canonical.jsonl");
        Files.writeString(other, "{\"Id\":\"1\"}\n");
        assertThat(new MattermostSourceProvider().recognises(other.toString())).isFalse();
    }

    @Test
    void badLinesAreRejectedOneByOneWithTheirLineNumbers() throws IOException {
        List<SourceRecord> records = all(lines(VERSION
                + "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"before\",\"create_at\":1}}\n"
                + "this is not json\n"
                + "[1,2]\n"
                + "{\"type\":\"reaction\"}\n"
                + "{\"type\":\"post\",\"post\":{\"channel\":\"c\",\"create_at\":\"noon\",\"type\":\"system_join_channel\"}}\n"
                + "\n"
                + "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"after\",\"create_at\":2}}\n",
                Map.of()));
        assertThat(readable(records)).extracting(RawMessage::bodyMessage).containsExactly("before", "after");
        List<SourceRecord.Unreadable> bad = unreadable(records);
        assertThat(bad).extracting(u -> u.locator().position()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(rules(bad.get(0))).containsExactly(CanonicalRecords.RULE_JSON);
        assertThat(bad.get(0).rejection().violations().get(0).message()).startsWith("is not valid JSON");
        assertThat(rules(bad.get(1))).containsExactly(CanonicalRecords.RULE_NOT_OBJECT);
        assertThat(rules(bad.get(2))).containsExactly(MattermostSource.RULE_TYPE);
        assertThat(rules(bad.get(3))).containsExactly(MattermostPosts.RULE_FIELD, MattermostPosts.RULE_FIELD_TYPE,
                MattermostPosts.RULE_POST_TYPE, MattermostPosts.RULE_FIELD);
        assertThat(bad.get(3).rejection().violations()).extracting(v -> v.field())
                .containsExactly("post.user", "post.create_at", "post.type", "post.team");
    }

    @Test
    void aLineThatIsNotUtf8IsRejectedAlone() throws IOException {
        Path file = temp.resolve("import.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(VERSION.getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'{', (byte) 0xff, '}', '\n'});
            out.write("{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"ok\",\"create_at\":1}}\r\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        List<SourceRecord> records = all(mattermost(file, Map.of()));
        assertThat(rules(unreadable(records).get(0))).containsExactly(CanonicalRecords.RULE_UTF8);
        assertThat(readable(records)).extracting(RawMessage::bodyMessage).containsExactly("ok");
    }

    /** One huge line is refused by name (file and line), never kept in memory whole; the next line is read. */
    @Test
    void aLineOverTheCapIsRejectedNamingFileAndLine() throws IOException {
        Path file = temp.resolve("huge.jsonl");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(VERSION.getBytes(StandardCharsets.UTF_8));
            out.write("{\"type\":\"post\",\"post\":{\"message\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i <= MattermostFile.MAX_LINE_BYTES / chunk.length; i++) {
                out.write(chunk);
            }
            out.write("\"}}\n".getBytes(StandardCharsets.UTF_8));
            out.write("{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"ok\",\"create_at\":1}}\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        List<SourceRecord> records = all(mattermost(file, Map.of()));
        SourceRecord.Unreadable huge = unreadable(records).get(0);
        assertThat(rules(huge)).containsExactly(CanonicalRecords.RULE_TOO_LONG);
        assertThat(huge.locator().position()).isEqualTo(2L);
        assertThat(huge.locator().origin()).endsWith("huge.jsonl");
        assertThat(readable(records)).extracting(RawMessage::bodyMessage).containsExactly("ok");
    }

    @Test
    void withAttachmentsInExportEachAttachmentPointsAtItsFileInsideTheExport() throws IOException {
        String text = VERSION + "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"see\","
                + "\"create_at\":1,\"attachments\":[{\"path\":\"data/2024/report.pdf\"}]}}\n";
        Map<String, String> inExport = Map.of(MattermostSourceProvider.OPTION_ATTACHMENTS_IN_EXPORT, "true");
        List<RawMessage> plain = readable(all(lines(text, inExport)));
        assertThat(plain.get(1).bodyMessage()).contains("\"Url\":\"" + temp.toAbsolutePath().toUri() + "data/2024/report.pdf\"");
        Path zip = temp.resolve("export.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("export/import.jsonl"));
            z.write(text.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        List<RawMessage> zipped = readable(all(mattermost(zip, inExport)));
        assertThat(zipped.get(1).bodyMessage())
                .contains("\"Url\":\"jar:" + zip.toAbsolutePath().toUri() + "!/export/data/2024/report.pdf\"");
    }

    @Test
    void attachmentsNeedABaseUrl() throws IOException {
        String text = VERSION + "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"see\","
                + "\"create_at\":1,\"attachments\":[{\"path\":\"data/2024/report.pdf\"}]}}\n";
        List<SourceRecord> without = all(lines(text, Map.of()));
        assertThat(readable(without)).hasSize(1);
        assertThat(rules(unreadable(without).get(0))).containsExactly(MattermostPosts.RULE_ATTACHMENT_URL);
        List<RawMessage> with = readable(all(lines(text, Map.of("attachment-base-url", "https://files.example.com/mm"))));
        assertThat(with).hasSize(2);
        assertThat(with.get(1).id()).isEqualTo("line2.file1");
        assertThat(with.get(1).messageType()).isEqualTo(12);
        assertThat(with.get(1).bodyMessage()).isEqualTo("{\"Uid\":\"line2.file1\","
                + "\"Url\":\"https://files.example.com/mm/data/2024/report.pdf\",\"FileName\":\"report.pdf\"}");
        assertThatThrownBy(() -> lines(text, Map.of("attachment-base-url", "files.example.com")))
                .isInstanceOf(SourceException.class).hasMessageContaining("must be an http(s) URL");
    }

    @Test
    void directPostSendersMustBeMembers() throws IOException {
        List<SourceRecord> records = all(lines(VERSION
                + "{\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":[\"a\",\"b\"],\"user\":\"c\",\"message\":\"x\",\"create_at\":1}}\n"
                + "{\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":[\"a\"],\"user\":\"a\",\"message\":\"note to self\",\"create_at\":1}}\n",
                Map.of()));
        assertThat(rules(unreadable(records).get(0))).containsExactly(MattermostPosts.RULE_DM_MEMBER);
        RawMessage self = readable(records).get(0);
        assertThat(self.toUserId()).isEqualTo(self.fromUserId()); // refused later as record.self-conversation
    }

    @Test
    void theZipOfMmctlExportReadsLikeTheFile() throws IOException {
        Path zip = temp.resolve("export.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("import.jsonl"));
            z.write(Files.readAllBytes(EXAMPLE));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("data/readme.txt"));
            z.write("attachments live here".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        assertThat(readable(all(mattermost(zip, Map.of())))).isEqualTo(readable(all(mattermost(EXAMPLE, Map.of()))));
        assertThat(all(mattermost(zip, Map.of())).get(0).locator().origin()).isEqualTo(zip + "!import.jsonl");
        assertThat(SourceFormats.installed().choose(zip.toString(), null).formatName()).isEqualTo("mattermost");

        byte[] bytes = Files.readAllBytes(zip);
        Path cut = temp.resolve("cut.zip");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> mattermost(cut, Map.of()))
                .isInstanceOf(SourceException.class).hasMessageContaining(cut + ": it is not a complete zip file");
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> mattermost(temp.resolve("none.jsonl"), Map.of()))
                .isInstanceOf(SourceException.class).hasMessageEndingWith("none.jsonl: no such file");
    }
}
