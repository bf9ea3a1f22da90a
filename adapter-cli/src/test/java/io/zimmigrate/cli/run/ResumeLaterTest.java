package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume after time has passed: the journal's identity does not depend on the clock, messages that left the
 * retention window meanwhile are rejected as {@code time.retention-expired}, and rejections settled in earlier runs
 * stay in every later run's counts and exit code.
 */
class ResumeLaterTest {
    private static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("docs/examples");
    private static final Instant T0 = Instant.parse("2024-11-10T00:00:00Z");
    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path dir;

    private static Cli.Result run(Path input, Path journal, Instant now, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", input.toString(), "--now", now.toString(), "--journal",
                journal.toString(), "--progress", "lines"));
        args.addAll(List.of(extra));
        return new Cli().systemClock().run(args.toArray(String[]::new));
    }

    @Test
    void aMattermostExportResumedFortyDaysLaterIsStillItsJournalsInput() {
        Path journal = dir.resolve("journal");
        Path input = EXAMPLES.resolve("mattermost.jsonl");
        Cli.Result first = run(input, journal, Instant.parse("2024-11-20T00:00:00Z"), "--format", "mattermost");
        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.OK);

        Cli.Result later = run(input, journal, Instant.parse("2024-12-30T00:00:00Z"), "--format", "mattermost");
        assertThat(later.err()).doesNotContain("different input");
        assertThat(later.exit()).as(later.toString()).isEqualTo(ExitCodes.OK);
        assertThat(later.out()).contains("imported:           0").contains("DONE: every message was imported");
    }

    /** Timeline g-a: 5 messages, one a day; g-b the same. */
    private Path twoTimelines() throws Exception {
        StringBuilder s = new StringBuilder();
        for (int day = 0; day < 5; day++) {
            for (String g : List.of("g-a", "g-b")) {
                s.append("{\"Id\":\"").append(g).append('-').append(day).append("\",\"GroupId\":\"").append(g)
                        .append("\",\"FromUserId\":\"u-1\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"day ")
                        .append(day).append("\"},\"SendMessageTime\":").append(T0.toEpochMilli() + day * DAY + 1000)
                        .append("}\n");
            }
        }
        Path input = dir.resolve("two.jsonl");
        Files.writeString(input, s);
        return input;
    }

    @Test
    void messagesThatLeftTheWindowWhileThePlanWasPausedAreRejectedOnResumeAndStayCounted() throws Exception {
        Path input = twoTimelines();
        Path journal = dir.resolve("journal");
        Instant firstNow = T0.plus(Duration.ofDays(6));
        Cli.Result first = run(input, journal, firstNow);
        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.OK);

        // What a run stopped part-way leaves: timeline g-a done, g-b not started.
        try (FileJournal j = FileJournal.open(journal)) {
            List<String> lines = new ArrayList<>();
            j.replay(lines::add);
            j.rewrite(lines.stream().filter(l -> l.startsWith("[\"in\"") || l.startsWith("[\"i\",\"g:g-a\"")).toList());
        }
        Files.delete(journal.resolve(FilePlanStore.PLAN_FILE));

        // 32.5 days after T0: g-b's messages of days 0, 1 and 2 have left the 30-day window, days 3 and 4 have not.
        Instant later = T0.plus(Duration.ofDays(32)).plus(Duration.ofHours(12));
        Path rejects = dir.resolve("rejects.jsonl");
        Cli.Result resumed = run(input, journal, later, "--rejects", rejects.toString());
        assertThat(resumed.err()).doesNotContain("different input");
        assertThat(resumed.exit()).as(resumed.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(resumed.out()).contains("messages read:        10 (10 valid, 0 rejected")
                .contains("imported:           2").contains("rejected:           3")
                .contains("already done:       5");
        assertThat(Files.readString(rejects)).contains("time.retention-expired").contains("g-b-0").contains("g-b-2")
                .doesNotContain("g-b-3");

        Cli.Result again = run(input, journal, later);
        assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(again.out()).doesNotContain("DONE").contains("3 in earlier runs").contains("imported:           0");
    }
}
