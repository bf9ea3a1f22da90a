package io.zimmigrate.cli.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken exports, through every command that reads input: an export that cannot be read at all is one line on
 * stderr naming the file and the place, exit 2 and no stack trace; a single unreadable record in an otherwise
 * readable export is a rejection, and the records around it are still read (and, by {@code run}, imported).
 */
class MalformedExportsTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path SLACK = ROOT.resolve("docs/examples/slack-export");
    static final Path SENDBIRD = ROOT.resolve("docs/examples/sendbird-export");
    static final String NOW = "2024-11-20T12:00:00Z";

    @TempDir
    Path dir;

    private Cli.Result run(String command, Path input, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(command, input.toString(), "--now", NOW));
        if (command.equals("run")) {
            args.addAll(List.of("--progress", "lines"));
        }
        args.addAll(Arrays.asList(more));
        return new Cli().systemClock().run(args.toArray(String[]::new));
    }

    private static void assertOneCleanError(Cli.Result r, String... mentions) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        // run says where it imports to before it reads the input; nothing else may precede the error.
        assertThat(Arrays.stream(r.errLines()).filter(l -> !l.startsWith("importing into "))).as(r.toString()).hasSize(1);
        assertThat(r.err()).contains(mentions);
        assertThat(r.all()).doesNotContain("Exception", "\tat ", "internal error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aTruncatedZipIsNamedAsCutShortWithOrWithoutFormat(String command) throws IOException {
        byte[] whole = zip(SLACK);
        Path truncated = dir.resolve("slack-export.zip");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

        assertOneCleanError(run(command, truncated), "slack-export.zip", "not a complete zip file");
        assertOneCleanError(run(command, truncated, "--format", "slack"), "slack-export.zip", "not a complete zip file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aSlackExportWithoutUsersJsonNamesTheMissingFile(String command) throws IOException {
        Path export = dir.resolve("no-users");
        copyTree(SLACK, export);
        Files.delete(export.resolve("users.json"));

        assertOneCleanError(run(command, export, "--format", "slack"), "no-users", "users.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void brokenCsvQuotingNamesTheFileAndTheRow(String command) throws IOException {
        Path csv = dir.resolve("broken.csv");
        Files.writeString(csv, """
                Id,FromUserId,GroupId,ToUserId,MessageType,MessageBody,SendMessageTime
                m1,alice,room,,1,fine,1732000000000
                m2,alice,room,,1,"an "inner" quote,1732000001000
                m3,alice,room,,1,fine too,1732000002000
                """);

        assertOneCleanError(run(command, csv), "broken.csv:3", "row that starts at line 3", "doubled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aLineThatIsNotJsonIsRejectedAloneAndTheRestIsRead(String command) throws IOException {
        Path jsonl = dir.resolve("history.jsonl");
        List<String> good = Files.readAllLines(ROOT.resolve("docs/examples/history.jsonl"));
        List<String> lines = new java.util.ArrayList<>(good);
        lines.add(3, "{\"Id\": \"cut-off\", \"FromUserId\": \"al");
        Files.write(jsonl, lines);

        Cli.Result r = run(command, jsonl);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
        if (command.equals("validate")) {
            assertThat(r.out()).contains("history.jsonl:4: (line): is not valid JSON", "[record.json]")
                    .contains("Read " + lines.size() + " records from " + jsonl + ": " + good.size() + " valid, 1 rejected.");
        } else {
            assertThat(r.out()).contains(good.size() + " valid, 1 rejected");
        }
        if (command.equals("run")) {
            // history.jsonl's 9 messages need 11 calls (a one-to-one message goes to both sides): all imported.
            assertThat(r.out()).contains("imported:           11", "not attempted:      0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aMattermostLineThatIsNotJsonIsRejectedAloneAndTheRestIsRead(String command) throws IOException {
        Path file = dir.resolve("mattermost.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(ROOT.resolve("docs/examples/mattermost.jsonl")));
        lines.add(lines.size() - 1, "{\"type\": \"post\", \"post\": {");
        Files.write(file, lines);

        Cli.Result r = run(command, file, "--format", "mattermost");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
        assertThat(r.out()).contains("8 valid, 1 rejected");
        if (command.equals("validate")) {
            assertThat(r.out()).contains("mattermost.jsonl:" + (lines.size() - 1) + ": (line): is not valid JSON");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aTruncatedSendbirdZipIsNamedAsCutShortWithOrWithoutFormat(String command) throws IOException {
        byte[] whole = zip(SENDBIRD);
        Path truncated = dir.resolve("sendbird-messages.zip");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

        assertOneCleanError(run(command, truncated), "sendbird-messages.zip", "not a complete zip file");
        assertOneCleanError(run(command, truncated, "--format", "sendbird"), "sendbird-messages.zip", "not a complete zip file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aBrokenSendbirdChannelsExportNamesTheFileAndLine(String command) throws IOException {
        Path export = dir.resolve("sendbird");
        copyTree(SENDBIRD, export);
        Path channels = export.resolve("channels-export.json");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(channels));
        lines.subList(20, lines.size()).clear(); // cut inside the second channel
        Files.write(channels, lines);

        assertOneCleanError(run(command, export), channels + ":", "the channels export is not valid JSON", "one-to-one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aSendbirdRecordThatIsNotAMessageObjectIsRejectedAloneAndTheRestIsRead(String command) throws IOException {
        Path export = dir.resolve("sendbird");
        copyTree(SENDBIRD, export);
        Path messages = export.resolve("messages-export.json");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(messages));
        lines.add(2, "    \"not a message\",");
        Files.write(messages, lines);

        Cli.Result r = run(command, export);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
        assertThat(r.out()).contains("11 valid, 2 rejected");
        if (command.equals("validate")) {
            assertThat(r.out()).contains("messages-export.json:3: (file): is a string, not a record object [sendbird.json]");
        }
        if (command.equals("run")) {
            // 9 group messages and 2 one-to-one ones (each to both sides): 13 import calls.
            assertThat(r.out()).contains("imported:           13", "not attempted:      0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aStreamV2LineThatIsNotJsonIsRejectedAloneAndTheRestIsRead(String command) throws IOException {
        Path file = dir.resolve("stream.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(ROOT.resolve("docs/examples/stream-export-v2.jsonl")));
        lines.add(lines.size() - 1, "{\"message\": {\"id\": \"cut-off\", \"text\": \"hal");
        Files.write(file, lines);

        Cli.Result r = run(command, file);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
        // the example's 13 messages and 4 rejections (docs/sources.md), plus the broken line
        assertThat(r.out()).contains("13 valid, 5 rejected");
        if (command.equals("validate")) {
            assertThat(r.out()).contains("stream.jsonl:" + (lines.size() - 1) + ": (line): is not valid JSON", "[record.json]");
        }
        if (command.equals("run")) {
            assertThat(r.out()).contains("imported:           17", "not attempted:      0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aStreamV1ExportCutShortKeepsTheMessagesBeforeTheBreakAndNamesItsLine(String command) throws IOException {
        Path file = dir.resolve("stream.json");
        List<String> whole = Files.readAllLines(ROOT.resolve("docs/examples/stream-export-v1.json"));
        // cut inside the one-to-one channel's second message: the general channel and one direct message stay
        int cut = whole.indexOf(whole.stream().filter(l -> l.contains("5e1f0c3a-7b2d-4e8f-a6c9-0d1e2f3a4b02")).findFirst().orElseThrow());
        Files.write(file, whole.subList(0, cut + 3));

        Cli.Result r = run(command, file);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
        // 7 general records and 1 direct message valid; the reaction, deleted and system records and the break rejected
        assertThat(r.out()).contains("8 valid, 4 rejected");
        if (command.equals("validate")) {
            assertThat(r.out()).containsPattern("stream\\.json:\\d+: \\(file\\): is not valid JSON \\(.*\\); the rest of this file is not read \\[stream\\.json\\]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "run"})
    void aMissingStreamExportNamesTheFile(String command) {
        assertOneCleanError(run(command, dir.resolve("export.json"), "--format", "stream"), "export.json", "no such file");
    }

    private static byte[] zip(Path folder) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(folder.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
