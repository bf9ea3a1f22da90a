package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.InProcessZim;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, {@code run --follow}, in-process against the emulator: with {@code --until} already past, each run
 * imports the complete lines once and ends, so a file that grows between two runs is followed deterministically
 * (the waiting itself is tested through the real jar, FollowRunIT). A partial last line waits; what is appended
 * later is a delta: new lines imported after what ZIM holds, a late one named, nothing twice.
 */
@ExtendWith(InProcessZim.class)
class FollowRunTest {
    private static final String SECRET = InProcessZim.SECRET;
    private static final long T = 1_732_000_000_000L;
    private static final String PAST = "2024-01-01T00:00:00Z";

    @TempDir
    Path dir;

    private ZimEmulator zim;

    @BeforeEach
    void startZim(ZimEmulator started) {
        zim = started;
    }

    static String group(String id, String group, String body, long at) {
        return "{\"Id\":\"" + id + "\",\"GroupId\":\"" + group + "\",\"FromUserId\":\"u1\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"" + body + "\"},\"SendMessageTime\":" + at + "}";
    }

    static String peer(String id, String body, long at) {
        return "{\"Id\":\"" + id + "\",\"ToUserId\":\"u2\",\"FromUserId\":\"u1\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"" + body + "\"},\"SendMessageTime\":" + at + "}";
    }

    private Cli.Result run(Path input, String... more) {
        List<String> args = new ArrayList<>(List.of("run", input.toString(), "--endpoint", zim.baseUri().toString(),
                "--app-id", "7", "--qps", "0", "--progress", "lines"));
        args.addAll(List.of(more));
        return new Cli().env(Map.of("ZIM_SERVER_SECRET", SECRET)).run(args.toArray(String[]::new));
    }

    private List<String> bodies(String timeline) {
        return zim.timeline(timeline).stream().map(StoredMessage::message).toList();
    }

    @Test
    void completeLinesAreImportedOnceAndWhatIsAppendedLaterIsADelta() throws Exception {
        Path journal = dir.resolve("journal");
        Path input = dir.resolve("live.jsonl");
        String a3 = group("a3", "g-a", "a three", T + 120_000);
        Files.writeString(input, group("a1", "g-a", "a one", T) + "\n" + peer("p1", "p one", T + 30_000) + "\n"
                + group("a2", "g-a", "a two", T + 60_000) + "\n" + a3.substring(0, 40));

        Cli.Result first = run(input, "--follow", "--until", PAST, "--journal", journal.toString());
        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.OK);
        assertThat(bodies("g:g-a")).as("the partial line is not read").containsExactly("a one", "a two");
        assertThat(first.err()).contains("follow: importing " + input + " up to byte");
        assertThat(first.out()).contains("messages read:        3 (3 valid, 0 rejected by validation)");

        Files.writeString(input, a3.substring(40) + "\n" + group("late-a0", "g-a", "a late", T + 45_000) + "\n"
                + peer("p2", "p two", T + 200_000) + "\n", StandardOpenOption.APPEND);
        Cli.Result second = run(input, "--follow", "--until", PAST, "--journal", journal.toString(), "--output", "json");
        assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(bodies("g:g-a")).as("new after what ZIM holds, nothing twice, the late line not sent")
                .containsExactly("a one", "a two", "a three");
        for (String key : zim.timelineKeys()) {
            if (key.startsWith("p:")) {
                assertThat(bodies(key)).as(key).containsExactly("p one", "p two");
            }
        }
        assertThat(second.out()).as(second.toString())
                .contains("\"delta\":null,\"growth\":{\"recordsBefore\":3,\"recordsAppended\":3,\"late\":1,"
                        + "\"appendedLate\":0,\"new\":3}"); // the file only grew: its appended lines alone compared
        assertThat(Files.readString(journal.resolve("rejects.jsonl"))).contains("late-a0")
                .contains("time.behind-timeline").doesNotContain("\"a3\"");

        Cli.Result again = run(input, "--follow", "--until", PAST, "--journal", journal.toString());
        assertThat(again.out()).as(again.toString()).contains("imported:           0");
        assertThat(bodies("g:g-a")).containsExactly("a one", "a two", "a three");
    }

    @Test
    void aStreamV2ExportIsFollowedLineByLineAndEndsAsAPlainRunOfTheWholeFile() throws Exception {
        Path example = Path.of("..", "docs", "examples", "stream-export-v2.jsonl");
        List<String> lines = Files.readAllLines(example);
        Path input = dir.resolve("live-stream.jsonl");
        Path journal = dir.resolve("journal");
        String cut = lines.get(20);
        Files.writeString(input, String.join("\n", lines.subList(0, 20)) + "\n" + cut.substring(0, 50));
        Cli.Result first = run(input, "--format", "stream", "--follow", "--until", PAST, "--journal", journal.toString());
        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.REJECTED); // reactions, a deleted, a system message
        assertThat(first.err()).contains("follow: importing " + input + " up to byte");
        long sentFirst = zim.requestsReceived("ImportGroupMsg") + zim.requestsReceived("ImportPeerMsg");

        Files.writeString(input, cut.substring(50) + "\n" + String.join("\n", lines.subList(21, lines.size())) + "\n",
                StandardOpenOption.APPEND);
        Cli.Result second = run(input, "--format", "stream", "--follow", "--until", PAST, "--journal", journal.toString());
        assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(second.err()).contains("delta: this journal was started with an earlier export");
        assertThat(zim.requestsReceived("ImportGroupMsg") + zim.requestsReceived("ImportPeerMsg"))
                .as("the second import sent only what was appended").isGreaterThan(sentFirst);

        try (ZimEmulator whole = InProcessZim.start()) {
            Cli.Result plain = new Cli().env(Map.of("ZIM_SERVER_SECRET", SECRET)).run("run", example.toString(),
                    "--endpoint", whole.baseUri().toString(), "--app-id", "7", "--qps", "0", "--progress", "lines",
                    "--journal", dir.resolve("whole-journal").toString());
            assertThat(plain.exit()).as(plain.toString()).isEqualTo(ExitCodes.REJECTED);
            assertThat(zim.timelineKeys()).containsExactlyInAnyOrderElementsOf(whole.timelineKeys());
            for (String key : whole.timelineKeys()) {
                assertThat(bodies(key)).as("%s: followed in two parts, the same as imported whole, nothing twice", key)
                        .containsExactlyElementsOf(whole.timeline(key).stream().map(StoredMessage::message).toList());
            }
        }
    }

    @Test
    void followRefusesWhatItCannotFollow() throws Exception {
        Path input = dir.resolve("live.jsonl");
        Files.writeString(input, group("a1", "g-a", "a one", T) + "\n");
        Cli.Result noJournal = run(input, "--follow");
        assertThat(noJournal.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noJournal.err()).contains("--follow needs --journal DIR").doesNotContain("Exception");

        Cli.Result untilAlone = run(input, "--until", PAST, "--journal", dir.resolve("j").toString());
        assertThat(untilAlone.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(untilAlone.err()).contains("--until is for --follow");

        Cli.Result badTime = run(input, "--follow", "--until", "tomorrow", "--journal", dir.resolve("j").toString());
        assertThat(badTime.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTime.err()).contains("ISO-8601 instant");

        Path csv = dir.resolve("live.csv");
        Files.copy(Path.of("..", "docs", "examples", "history.csv"), csv);
        Cli.Result otherFormat = run(csv, "--follow", "--journal", dir.resolve("j").toString());
        assertThat(otherFormat.exit()).as(otherFormat.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(otherFormat.err()).contains("--follow reads a JSON Lines file (format jsonl), a Stream v2 "
                + "export (stream, one entity per line) or an unpacked Slack export folder");
        assertThat(bodies("g:g-a")).isEmpty();
    }

    @Test
    void aFileWithoutACompleteLineIsWaitedForAndNothingIsImported() throws Exception {
        Path input = dir.resolve("live.jsonl");
        Files.writeString(input, group("a1", "g-a", "a one", T)); // no newline yet
        Cli.Result r = run(input, "--follow", "--until", PAST, "--journal", dir.resolve("journal").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("holds nothing complete yet; nothing imported (")
                .contains("bytes of a line without its newline yet");
        assertThat(zim.requestsReceived("ImportGroupMsg")).isZero();
    }
}
