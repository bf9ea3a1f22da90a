package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zimmigrate.cli.JarJava;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        return onTerminal(args, Map.of());
    }

    private String onTerminal(String args, Map<String, String> env) throws Exception {
        Path transcript = dir.resolve("transcript-" + System.nanoTime() + ".txt");
        String command = String.join(" ", JarJava.command(JAR)) + " " + args;
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "-qefc", command, transcript.toString())
                .directory(MODULE.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script-out.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("finished in time").isTrue();
        return Files.readString(transcript, StandardCharsets.UTF_8);
    }

    /**
     * A run stopped by Ctrl-C after about 30 of 80 calls, then resumed on a terminal at a pace of 10 calls/s: the
     * resumed bar's rate is its own (the bug counted the earlier run's calls as done in the first instant: hundreds
     * of calls/s). A burst at the start may show more than the pace, never several times it.
     */
    @Test
    void aResumesBarCountsOnlyItsOwnCalls() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "script(1) makes the pseudo-terminal");
        Path input = dir.resolve("history.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            lines.append("{\"Id\":\"m-").append(i).append("\",\"GroupId\":\"g-").append(i % 4)
                    .append("\",\"FromUserId\":\"u-1\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hello ")
                    .append(i).append("\"},\"SendMessageTime\":").append(1732000000000L + i * 1000L).append("}\n");
        }
        Files.writeString(input, lines);
        String args = "run " + input + " --now 2024-11-20T00:00:00Z --qps 10 --journal " + dir.resolve("journal");

        Path err = dir.resolve("first.txt");
        List<String> first = new ArrayList<>(JarJava.command(JAR));
        first.addAll(List.of(args.split(" ")));
        first.addAll(List.of("--progress", "lines"));
        Process p = new ProcessBuilder(first).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a busy box starts a JVM slowly
            while (!Files.readString(err).contains("planned:") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(3000);
            assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(err)).contains("STOPPED EARLY");

        String screen = onTerminal(args);
        assertThat(screen).contains("importing").contains("DONE:");
        Matcher rate = Pattern.compile("(\\d+(?:\\.\\d+)?) calls/s")
                .matcher(screen.substring(0, screen.indexOf("DONE:")));
        List<Double> rates = new ArrayList<>();
        while (rate.find()) {
            rates.add(Double.parseDouble(rate.group(1)));
        }
        assertThat(rates).as(screen).isNotEmpty().allSatisfy(r -> assertThat(r).isLessThan(40.0));
        assertThat(screen).as("the engine's own ETA (per action) is on the bar").contains("finish in ~");
    }

    /**
     * Nothing answers for a while (an emulator that answers each request after 4 s): the bar's elapsed time keeps
     * ticking instead of freezing at the time of the last answer.
     */
    @Test
    void theElapsedTimeTicksWhileNothingAnswers() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "script(1) makes the pseudo-terminal");
        String secret = "elapsed-ticks-secret-0a1b2c3d4e5f";
        Path input = dir.resolve("fresh.jsonl");
        Files.writeString(input, "{\"Id\":\"f-1\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":" + (System.currentTimeMillis() - 3_600_000) + "}\n");
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(secret)).answerDelay(Duration.ofSeconds(4)).build())) {
            String screen = onTerminal("run " + input + " --endpoint " + zim.baseUri() + " --app-id 7 --journal "
                    + dir.resolve("journal-slow"), Map.of("ZIM_SERVER_SECRET", secret));
            Matcher elapsed = Pattern.compile("importing.*?\\((\\d+:\\d\\d:\\d\\d)").matcher(screen);
            Set<String> shown = new TreeSet<>();
            while (elapsed.find()) {
                shown.add(elapsed.group(1));
            }
            assertThat(shown).as(screen).hasSizeGreaterThanOrEqualTo(2);
            assertThat(screen).contains("DONE:");
        }
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
