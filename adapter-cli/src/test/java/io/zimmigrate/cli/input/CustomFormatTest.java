package io.zimmigrate.cli.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/sources.md's example format, {@code chatlog}, exists only in adapter-files' tests (its class and its
 * {@code META-INF/services} entry): the CLI finds it through ServiceLoader, lists it, and uses it via
 * {@code --format}, for validation and for a rehearsal import.
 */
class CustomFormatTest {
    @TempDir
    Path dir;

    private Path log() throws IOException {
        // A name no format recognises, so only --format can pick the reader.
        Path file = dir.resolve("team-export.txt");
        Files.writeString(file, String.join("\n",
                "2024-11-19T07:06:40Z #general alice: Good morning",
                "2024-11-19T07:07:00Z #general bob: Morning! Coffee: on me",
                "this line is not a message",
                "2024-11-19T07:08:00Z @bob alice: see you at 9") + "\n");
        return file;
    }

    @Test
    void validateUsesATestOnlyFormatNamedByFormat() throws IOException {
        Path file = log();

        Cli.Result r = new Cli().run("validate", file.toString(), "--format", "chatlog", "--now", "2024-11-20T00:00:00Z");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.out()).contains("Read 4 records from " + file + ": 3 valid, 1 rejected.")
                .contains(file + ":3:", "[chatlog.syntax]");
    }

    @Test
    void withoutFormatTheFileIsRefusedAndTheTestFormatIsListed() throws IOException {
        Cli.Result r = new Cli().run("validate", log().toString(), "--now", "2024-11-20T00:00:00Z");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("choose one with --format", "chatlog");
    }

    @Test
    void runImportsWhatTheTestOnlyFormatReads() throws IOException {
        Cli.Result r = new Cli().systemClock().run("run", log().toString(), "--format", "chatlog",
                "--now", "2024-11-20T00:00:00Z", "--progress", "lines");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        // 2 group messages + 1 one-to-one message, which ZIM stores on both sides: 4 calls.
        assertThat(r.out()).contains("3 valid, 1 rejected", "imported:           4", "not attempted:      0");
    }
}
