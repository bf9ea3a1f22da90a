package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed outright (SIGKILL, the kernel's out-of-memory killer, a heap exhausted: the JVM halts, no shutdown hook
 * runs) leaves nothing of Vert.x's in java.io.tmpdir. Vert.x made a {@code vertx-cache-UUID} folder for every
 * instance (the transport's and the built-in emulator's), removed only by a shutdown hook: a build of this project
 * left about a hundred in /tmp, and so would a user's machine after every kill. Its own sort folder is another
 * matter: a kill leaves it, and the next start removes it ({@link SortScratchCleanupIT}).
 */
class KilledRunTmpdirIT {

    @Test
    void aKilledRunLeavesNoVertxCacheFolder(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path input = dir.resolve("history.jsonl");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 400; i++) { // 400 calls at the default 20 a second: far from done when killed
            s.append("{\"Id\":\"m-").append(i).append("\",\"GroupId\":\"g-").append(i % 3)
                    .append("\",\"FromUserId\":\"u-1\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hello ")
                    .append(i).append("\"},\"SendMessageTime\":").append(1732000000000L + i * 1000L).append("}\n");
        }
        Files.writeString(input, s);
        List<String> command = new ArrayList<>(List.of(JarJava.java(), "-Djava.io.tmpdir=" + tmp));
        command.addAll(JarJava.options(ZimMigrateJarIT.JAR));
        command.addAll(List.of("-jar", ZimMigrateJarIT.JAR.toString(), "run", input.toString(), "--now",
                "2024-11-20T00:00:00Z", "--journal", dir.resolve("journal").toString(), "--progress", "lines"));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a busy box starts a JVM slowly
            while (!Files.readString(err).contains("planned:") && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(50);
            }
            Thread.sleep(1500); // importing: the built-in emulator and the transport are both up
            assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("vertx-cache")))
                    .as("Vert.x folders left in java.io.tmpdir").isEmpty();
        }
    }
}
