package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} keeps its plan in the journal directory; running the same command again reuses it while the input
 * file and the rules are unchanged, plans again otherwise, and still refuses an input that is not the journal's.
 */
class KeptPlanResumeTest {
    private static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("docs/examples/history.jsonl");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run run(Path input, Path journal, String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] {"run", input.toString(), "--now", "2024-11-20T12:00:00Z", "--journal",
                journal.toString()}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        int exit = ZimMigrate.run(new CliEnvironment(Map.of(), Clock.systemUTC()), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aResumeReusesTheKeptPlanUntilTheInputOrTheRulesChange() throws Exception {
        Path input = dir.resolve("history.jsonl");
        Files.copy(EXAMPLE, input);
        Path journal = dir.resolve("journal");

        Run first = run(input, journal, "--progress", "lines");
        assertThat(first.exit()).as(first.err()).isEqualTo(ExitCodes.OK);
        assertThat(first.out()).contains("imported:           11");
        assertThat(first.err()).doesNotContain("resuming with the plan kept");
        assertThat(journal.resolve(FilePlanStore.PLAN_FILE)).exists();
        assertThat(journal.resolve(FileJournal.LOG_FILE)).exists();

        Run again = run(input, journal, "--progress", "lines");
        assertThat(again.err()).contains("resuming with the plan kept in the journal");
        assertThat(again.out()).contains("messages read:        9 (9 valid, 0 rejected")
                .contains("already done:       11").contains("imported:           0");
        assertThat(again.exit()).isEqualTo(ExitCodes.OK);

        Run otherRules = run(input, journal, "--progress", "lines", "--max-message-bytes", "4096");
        assertThat(otherRules.err()).contains("planning the input again: the input or the rules changed");
        assertThat(otherRules.out()).contains("already done:       11");

        Files.setLastModifiedTime(input, FileTime.from(Instant.now().plusSeconds(5))); // touched, same content
        Run touched = run(input, journal, "--progress", "lines");
        assertThat(touched.err()).contains("planning the input again");
        assertThat(touched.out()).contains("already done:       11");
        assertThat(run(input, journal, "--progress", "lines").err()).as("kept again after planning")
                .contains("resuming with the plan kept");

        Files.deleteIfExists(journal.resolve(FilePlanStore.PLAN_FILE));
        Run deleted = run(input, journal, "--progress", "lines");
        assertThat(deleted.err()).contains("planning the input again: no plan is kept");
        assertThat(deleted.out()).contains("already done:       11");

        String changed = Files.readString(input).replace("\"Message\":\"", "\"Message\":\"edited ");
        Files.writeString(input, changed);
        // Issue 15: an edited export is a delta against the kept plan, no longer refused: every message was
        // imported already, so each is reported as changed and none is sent again.
        Run delta = run(input, journal, "--progress", "lines");
        assertThat(delta.err()).contains("planning the input again").contains("delta: this journal was started");
        assertThat(delta.out()).contains("imported:           0").contains("messages changed since import");
        assertThat(delta.exit()).isEqualTo(ExitCodes.REJECTED);
    }
}
