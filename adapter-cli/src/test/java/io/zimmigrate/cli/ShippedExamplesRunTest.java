package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each shipped example: {@code validate} reads it with the counts docs/sources.md gives (the Slack example's two
 * rejections are on purpose: a join and a topic change, which are not messages), and {@code run} imports it into the
 * in-process emulator.
 */
class ShippedExamplesRunTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @ParameterizedTest
    @CsvSource({
            "docs/examples/history.jsonl, 9, 0, ''",
            "docs/examples/history.csv, 6, 0, ''",
            "docs/examples/slack-export, 19, 2, slack.subtype-unsupported",
            "docs/examples/mattermost.jsonl, 8, 0, ''",
            "docs/examples/sendbird-export, 12, 1, sendbird.removed"})
    void validateReadsEveryRecordAndRejectsOnlyWhatTheExampleMeansTo(String example, int read, int rejected, String rule) {
        Cli.Result r = new Cli().run("validate", ROOT.resolve(example).toString(), "--now", "2024-11-20T12:00:00Z");
        assertThat(r.out()).as(r.toString())
                .contains("Read " + read + " records from " + ROOT.resolve(example) + ": " + (read - rejected) + " valid, "
                        + rejected + " rejected.");
        if (rejected > 0) {
            assertThat(r.out()).containsPattern("(?m)^  " + rule + " +" + rejected + "$");
        }
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isEqualTo(rejected == 0 ? ExitCodes.OK : ExitCodes.REJECTED);
    }

    /**
     * The Stream examples reject on purpose, one rule each: a deleted message, a system message, and reactions
     * (v1: one record for the message's reaction_counts; v2: one per reaction line).
     */
    @ParameterizedTest
    @CsvSource({
            "docs/examples/stream-export-v1.json, 16, 1",
            "docs/examples/stream-export-v2.jsonl, 17, 2"})
    void validateReadsTheStreamExamplesByContentAndRejectsOnlyWhatTheyMeanTo(String example, int read, int reactions) {
        Cli.Result r = new Cli().run("validate", ROOT.resolve(example).toString(), "--now", "2024-11-20T12:00:00Z");
        int rejected = 2 + reactions;
        assertThat(r.out()).as(r.toString())
                .contains("Read " + read + " records from " + ROOT.resolve(example) + ": " + (read - rejected) + " valid, "
                        + rejected + " rejected.")
                .containsPattern("(?m)^  stream.deleted +1$")
                .containsPattern("(?m)^  stream.message-type +1$")
                .containsPattern("(?m)^  stream.reactions-not-imported +" + reactions + "$")
                .contains("Conversations: 2 group, 1 one-to-one.");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
    }

    @ParameterizedTest
    @CsvSource({
            "docs/examples/history.jsonl, 9, 0, 11",
            "docs/examples/history.csv, 6, 0, 7",
            "docs/examples/slack-export, 19, 2, 20",
            "docs/examples/mattermost.jsonl, 8, 0, 10",
            "docs/examples/sendbird-export, 12, 1, 13",
            "docs/examples/stream-export-v1.json, 16, 3, 17",
            "docs/examples/stream-export-v2.jsonl, 17, 4, 17"})
    void runImportsEveryValidMessage(String example, int read, int rejected, int imported) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ZimMigrate.run(new CliEnvironment(Map.of(), Clock.systemUTC()), new PrintWriter(out), new PrintWriter(err),
                "run", ROOT.resolve(example).toString(), "--now", "2024-11-20T12:00:00Z", "--progress", "lines");
        assertThat(out.toString()).as(err.toString())
                .contains("messages read:        " + read + " (" + (read - rejected) + " valid, " + rejected + " rejected")
                .contains("not attempted:      0");
        assertThat(out.toString()).contains("imported:           " + imported);
        assertThat(out.toString()).contains("  rejected:           0");
        assertThat(exit).isEqualTo(rejected == 0 ? ExitCodes.OK : ExitCodes.REJECTED);
    }
}
