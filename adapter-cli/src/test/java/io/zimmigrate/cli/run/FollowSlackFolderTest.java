package io.zimmigrate.cli.run;

import static io.zimmigrate.cli.SlackFolderExport.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.InProcessZim;
import io.zimmigrate.cli.SlackFolderExport;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, {@code run --follow} of an unpacked Slack export folder, in-process against the emulator: with
 * {@code --until} already past, each run looks twice a poll apart, imports the files complete by then and ends, so
 * a folder that changes between two runs is followed deterministically (the waiting itself, a kill and a resume are
 * tested through the real jar, FollowRunIT). A new day file, a new channel, a rewritten day file with a late
 * message: new messages imported after what ZIM holds, the late one named, nothing twice.
 */
@ExtendWith(InProcessZim.class)
class FollowSlackFolderTest {
    private static final String SECRET = InProcessZim.SECRET;
    private static final long T = 1_731_900_000L; // 2024-11-18T03:20Z, two days before Cli's fixed clock
    private static final String PAST = "2024-01-01T00:00:00Z";

    @TempDir
    Path dir;

    private ZimEmulator zim;

    @BeforeEach
    void startZim(ZimEmulator started) {
        zim = started;
    }

    private Cli.Result follow(Path input, Path journal) {
        List<String> args = new ArrayList<>(List.of("run", input.toString(), "--endpoint", zim.baseUri().toString(),
                "--app-id", "7", "--qps", "0", "--progress", "lines", "--follow", "--until", PAST,
                "--follow-poll-ms", "50", "--journal", journal.toString()));
        return new Cli().env(Map.of("ZIM_SERVER_SECRET", SECRET)).run(args.toArray(String[]::new));
    }

    private List<String> bodies(String timeline) {
        return zim.timeline(timeline).stream().map(StoredMessage::message).toList();
    }

    @Test
    void newDayFilesAndNewChannelsAreImportedOnceAndALateMessageIsNamed() throws Exception {
        Path journal = dir.resolve("journal");
        SlackFolderExport export = new SlackFolderExport(dir.resolve("export"))
                .channel("general", "C01GEN").channel("random", "C02RND")
                .day("general", "2024-11-18", ts(T, 0) + "|g one", ts(T, 60) + "|g two")
                .day("random", "2024-11-18", ts(T, 30) + "|r one", ts(T, 90) + "|r two")
                .day("launch", "2024-11-18", ts(T, 40) + "|l one"); // its channel is not listed yet

        Cli.Result first = follow(export.root(), journal);
        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.OK);
        assertThat(bodies("g:C01GEN")).containsExactly("g one", "g two");
        assertThat(bodies("g:C02RND")).containsExactly("r one", "r two");
        assertThat(bodies("g:C03LAUNCH")).as("a folder no list names waits").isEmpty();
        assertThat(first.err()).contains("follow: importing " + export.root() + " (2 day files)")
                .contains("not complete yet: 1 folder no conversation list names yet (launch)");

        export.day("general", "2024-11-19", ts(T, 86_400) + "|g three")
                .day("random", "2024-11-18", ts(T, 30) + "|r one", ts(T, 45) + "|r late", ts(T, 90) + "|r two")
                .channel("launch", "C03LAUNCH");
        Cli.Result second = follow(export.root(), journal);
        assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(bodies("g:C01GEN")).as("the new day after what ZIM holds").containsExactly("g one", "g two", "g three");
        assertThat(bodies("g:C02RND")).as("the late message not sent, nothing twice").containsExactly("r one", "r two");
        assertThat(bodies("g:C03LAUNCH")).as("the new channel").containsExactly("l one");
        assertThat(second.out()).contains("delta:");
        assertThat(Files.readString(journal.resolve("rejects.jsonl"))).contains("C02RND/" + ts(T, 45))
                .contains("time.behind-timeline");

        Cli.Result again = follow(export.root(), journal);
        assertThat(again.out()).as(again.toString()).contains("imported:           0");
        assertThat(bodies("g:C01GEN")).containsExactly("g one", "g two", "g three");
        assertThat(bodies("g:C03LAUNCH")).containsExactly("l one");
    }

    @Test
    void aSlackZipIsRefused() throws Exception {
        Path zip = dir.resolve("export.zip");
        SlackFolderExport export = new SlackFolderExport(dir.resolve("export")).channel("general", "C01GEN")
                .day("general", "2024-11-18", ts(T, 0) + "|g one");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String f : List.of("users.json", "channels.json", "general/2024-11-18.json")) {
                out.putNextEntry(new java.util.zip.ZipEntry(f));
                out.write(Files.readAllBytes(export.root().resolve(f)));
                out.closeEntry();
            }
        }
        Cli.Result r = follow(zip, dir.resolve("journal"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unpacked Slack export folder").doesNotContain("Exception");
    }
}
