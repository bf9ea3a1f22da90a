package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar as a user sees it: the real jar on a pseudo-terminal ({@code script(1)}), so {@code --progress
 * auto} draws the bar. Once the summary is printed, the bar is not drawn again below it; and a resume's bar counts
 * only its own calls.
 */
class ProgressBarTerminalIT {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path JAR = MODULE.resolve("target/zim-migrate.jar");
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    Path dir;

    private String onTerminal(String args) throws Exception {
        Path transcript = dir.resolve("transcript-" + System.nanoTime() + ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -jar " + JAR + " " + args;
        Process p = new ProcessBuilder(SCRIPT.toString(), "-qefc", command, transcript.toString())
                .directory(MODULE.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script-out.txt").toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("finished in time").isTrue();
        return Files.readString(transcript, StandardCharsets.UTF_8);
    }

    @Test
    void theBarIsNotDrawnAgainAfterTheSummary() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "script(1) makes the pseudo-terminal");
        String screen = onTerminal("run docs/examples/history.jsonl --now 2024-11-20T12:00:00Z --qps 4");
        assertThat(screen).contains("importing").contains("DONE:");
        String afterSummary = screen.substring(screen.indexOf("DONE:"));
        assertThat(afterSummary).doesNotContain("importing").doesNotContain("calls/s");
    }
}
