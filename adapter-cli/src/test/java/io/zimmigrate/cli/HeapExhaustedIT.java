package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the heap runs out anyway: the real jar under a heap far too small for the input prints one line naming the
 * cause and the remedy (JAVA_OPTS), exits 3 (stopped, resumable), and never prints a stack trace or exits 1.
 */
class HeapExhaustedIT {
    private static final long NOW = 1_732_060_800_000L; // 2024-11-20T00:00:00Z

    /** 400,000 one-to-one messages, every one between two users seen nowhere else: 800,000 timelines and users. */
    private static Path manyUsers(Path tmp) throws java.io.IOException {
        Path input = tmp.resolve("many-users.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 400_000; i++) {
                w.write("{\"Id\":\"m" + i + "\",\"FromUserId\":\"a" + i + "\",\"ToUserId\":\"b" + i
                        + "\",\"MessageType\":1,\"Priority\":1,\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":"
                        + (NOW - 86_400_000L + i) + "}\n");
            }
        }
        return input;
    }

    /**
     * {@code validate} in a heap of 8 MiB, where its Id set runs out: three runs, because where the heap runs out
     * varies. With 16 batches of ~72 KB allocated up front for reading ahead, 2 of 3 such runs printed "Exception:
     * java.lang.OutOfMemoryError thrown from the UncaughtExceptionHandler" and exited 1 (session 9).
     */
    @Test
    void validateInATinyHeapIsOneLineAndExitThree(@TempDir Path tmp) throws Exception {
        Path input = manyUsers(tmp);
        for (int run = 0; run < 3; run++) {
            ZimMigrateJarIT.Run r = ZimMigrateJarIT.run(Map.of(), List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8m",
                    "-Djava.io.tmpdir=" + tmp, "-jar", ZimMigrateJarIT.JAR.toString(),
                    "validate", input.toString(), "--now", Long.toString(NOW)));
            assertThat(r.exit()).as("%s", r).isEqualTo(ExitCodes.STOPPED);
            List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as("%s", r).hasSize(1);
            assertThat(lines.get(0)).startsWith("zim-migrate validate: out of memory:").contains("JAVA_OPTS", "-Xmx");
            assertThat(r.err()).doesNotContain("\tat ", "Exception");
        }
    }

    /**
     * A background thread (a plan worker, a reader) dying of an OutOfMemoryError while the heap is full to the last
     * byte: the handler must still print its one line and stop the process with exit 3. It used to need heap for
     * both (the PrintWriter's encoder, and java.lang.Shutdown's first initialisation inside {@code halt}): CI saw
     * "Exception: java.lang.OutOfMemoryError thrown from the UncaughtExceptionHandler in thread zim-migrate-plan-1"
     * beside the line, from a plan under -Xmx12m.
     */
    @Test
    void aBackgroundThreadDyingInAFullHeapIsOneLineAndExitThree() throws Exception {
        for (int run = 0; run < 3; run++) {
            ZimMigrateJarIT.Run r = ZimMigrateJarIT.run(Map.of(), List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx16m",
                    "-cp", ZimMigrateJarIT.JAR + java.io.File.pathSeparator + ZimMigrateJarIT.MODULE.resolve("target/test-classes"),
                    FullHeapHarness.class.getName()));
            assertThat(r.exit()).as("%s", r).isEqualTo(ExitCodes.STOPPED);
            List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as("%s", r).hasSize(1);
            assertThat(lines.get(0)).startsWith("zim-migrate plan: out of memory:").contains("JAVA_OPTS", "-Xmx");
            assertThat(r.err()).doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void aHeapTooSmallForTheInputIsOneLineAndExitThree(@TempDir Path tmp) throws Exception {
        // No compact structure keeps 800,000 timelines and users in a 12 MiB heap.
        Path input = manyUsers(tmp);
        ZimMigrateJarIT.Run r = ZimMigrateJarIT.run(Map.of(), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx12m",
                "-Djava.io.tmpdir=" + tmp, "-jar", ZimMigrateJarIT.JAR.toString(),
                "plan", input.toString(), "--now", Long.toString(NOW)));

        assertThat(r.exit()).as("%s", r).isEqualTo(ExitCodes.STOPPED);
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("%s", r).hasSize(1);
        assertThat(lines.get(0)).startsWith("zim-migrate plan: out of memory:").contains("JAVA_OPTS", "-Xmx");
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }
}
