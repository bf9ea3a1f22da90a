package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C (SIGINT) and SIGTERM sent to the real jar stop a run the documented way: exit 3, a complete summary whose
 * first line says the run stopped and that the same command resumes it, and a rejects file with every line whole.
 */
class RunStopSignalIT {
    private static final int MESSAGES = 400;
    private static final int INVALID = 7;

    @TempDir
    Path dir;

    private Path input() throws Exception {
        StringBuilder s = new StringBuilder();
        long t0 = 1732000000000L;
        for (int i = 0; i < MESSAGES; i++) {
            String type = i % (MESSAGES / INVALID) == 3 && i / (MESSAGES / INVALID) < INVALID ? "99" : "1";
            s.append("{\"Id\":\"m-").append(i).append("\",\"GroupId\":\"g-").append(i % 3)
                    .append("\",\"FromUserId\":\"u-1\",\"MessageType\":").append(type)
                    .append(",\"MessageBody\":{\"Message\":\"hello ").append(i).append("\"},\"SendMessageTime\":")
                    .append(t0 + i * 1000L).append("}\n");
        }
        Path input = dir.resolve("history.jsonl");
        Files.writeString(input, s);
        return input;
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalStopsTheRunWithExit3ACompleteSummaryAndWholeRejects(String signal) throws Exception {
        Path input = input();
        Path rejects = dir.resolve("rejects.jsonl");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> command = new ArrayList<>(JarJava.command(ZimMigrateJarIT.JAR));
        command.addAll(List.of("run", input.toString(), "--now", "2024-11-20T00:00:00Z", "--journal",
                dir.resolve("journal").toString(), "--rejects", rejects.toString(), "--progress", "lines"));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            stopAndCheck(p, signal, out, err, rejects);
        } finally {
            p.destroyForcibly();
        }
    }

    /** A rehearsal without --journal kept its journal in memory: its stop message must not offer a resume. */
    @org.junit.jupiter.api.Test
    void aRehearsalsStopMessageDoesNotOfferAResumeOfAJournalThatLivedInMemory() throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> command = new ArrayList<>(JarJava.command(ZimMigrateJarIT.JAR));
        command.addAll(List.of("run", input().toString(), "--now", "2024-11-20T00:00:00Z",
                "--progress", "lines"));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            interrupt(p, "INT", err);
        } finally {
            p.destroyForcibly();
        }
        String summary = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(summary + Files.readString(err)).isEqualTo(ExitCodes.STOPPED);
        assertThat(summary.lines().findFirst()).get().asString().startsWith("STOPPED EARLY")
                .contains("This rehearsal kept its journal in memory: running it again starts over")
                .doesNotContain("to resume.");
    }

    private static void interrupt(Process p, String signal, Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a busy box starts a JVM slowly
        while (!Files.readString(err).contains("planned:") && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        Thread.sleep(1500); // some imports at 20/s, far from the end
        assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
        assertThat(kill.waitFor()).isZero();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped in time").isTrue();
    }

    private static void stopAndCheck(Process p, String signal, Path out, Path err, Path rejects) throws Exception {
        interrupt(p, signal, err);

        String summary = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(summary + Files.readString(err)).isEqualTo(ExitCodes.STOPPED);
        assertThat(summary.lines().findFirst()).get().asString().startsWith("STOPPED EARLY")
                .contains("run the same command again to resume");
        assertThat(summary).contains("not attempted:").contains("time:");
        String written = Files.readString(rejects, StandardCharsets.UTF_8);
        assertThat(written).endsWith("\n");
        assertThat(written.lines().filter(l -> l.contains("type.")).count()).isEqualTo(INVALID);
    }
}
