package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: temporary sort folders never outlive the run. {@code plan} is killed with SIGKILL in the middle of
 * reading its input (a named pipe fed part of an export and then held open, so the kill lands while planning, on
 * any machine speed); its sort folder stays behind, a second {@code plan} started while the first still lived
 * left it alone, and the next one after the kill removes it.
 */
class SortScratchCleanupIT {

    @Test
    void aFolderLeftBySigkillIsRemovedByTheNextStartAndALiveOnesIsNot(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path pipe = dir.resolve("export.jsonl");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).as("mkfifo").isZero();

        Process planning = start(tmp, dir.resolve("killed.txt"), "plan", pipe.toString());
        Path left;
        // Read and write end at once: opening never waits for the reader, and the pipe outlives nothing of ours.
        try (FileChannel feed = FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            feed.write(ByteBuffer.wrap(messages(200).getBytes(StandardCharsets.UTF_8))); // < 64 KiB: never blocks
            left = folderOf(planning, tmp);

            Path kept = dir.resolve("meanwhile.txt");
            Process meanwhile = start(tmp, kept, "plan", "docs/examples/history.jsonl", "--now", "2024-11-20T00:00:00Z");
            assertThat(meanwhile.waitFor(120, TimeUnit.SECONDS)).as("plan finished").isTrue();
            assertThat(meanwhile.exitValue()).as(Files.readString(kept)).isZero();
            assertThat(planning.isAlive()).as("the first plan was still reading its input").isTrue();
            assertThat(left).as("a live process's folder is kept").isDirectory();
            assertThat(sortFolders(tmp)).as("the second plan removed its own").containsExactly(left);

            planning.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
            assertThat(planning.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(left).as("the kill left the folder behind").isDirectory();

        Path next = dir.resolve("next.txt");
        Process after = start(tmp, next, "plan", "docs/examples/history.jsonl", "--now", "2024-11-20T00:00:00Z");
        assertThat(after.waitFor(120, TimeUnit.SECONDS)).as("plan finished").isTrue();
        assertThat(after.exitValue()).as(Files.readString(next)).isZero();
        assertThat(sortFolders(tmp)).as("nothing stale in java.io.tmpdir").isEmpty();
    }

    private static Process start(Path tmp, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JarJava.java(),
                "-Djava.io.tmpdir=" + tmp));
        command.addAll(JarJava.options(ZimMigrateJarIT.JAR));
        command.addAll(List.of("-jar", ZimMigrateJarIT.JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(ZimMigrateJarIT.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    /** Waits (generously: the machine may be busy) for the sort folder named for {@code p}'s pid. */
    private static Path folderOf(Process p, Path tmp) throws Exception {
        String prefix = "zim-migrate-sort-" + p.pid() + "-";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            for (Path f : sortFolders(tmp)) {
                if (f.getFileName().toString().startsWith(prefix) && Files.exists(f.resolve("owner.lock"))) {
                    return f;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no sort folder " + prefix + "* in " + tmp + "; alive: " + p.isAlive());
    }

    private static List<Path> sortFolders(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(f -> f.getFileName().toString().startsWith("zim-migrate-sort-")).toList();
        }
    }

    private static String messages(int n) {
        long base = System.currentTimeMillis() - 3_600_000L;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append("{\"Id\":\"m-").append(i).append("\",\"GroupId\":\"g-").append(i % 7)
                    .append("\",\"FromUserId\":\"u-").append(i % 5).append("\",\"MessageType\":1,")
                    .append("\"MessageBody\":{\"Message\":\"message ").append(i).append("\"},\"SendMessageTime\":")
                    .append(base + i * 1000L).append("}\n");
        }
        return out.toString();
    }
}
