package io.zimmigrate.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How the end-to-end tests start the real jar: {@code java -XX:TieredStopAtLevel=1} with a class archive of the jar,
 * then {@code -jar zim-migrate.jar}, as the {@code ./zim-migrate} launcher starts a {@code run} (C1 alone; AppCDS,
 * docs/decisions.md). The code that runs is the same as with a bare {@code java -jar}; what changes is the cost of a
 * JVM that lives seconds: a tiny run through the jar took 4.9-5.1 s of CPU bare, 3.0-3.3 s with C1 alone and
 * 1.9-2.0 s with C1 and the archive (session 17, a loaded box), and these tests start well over a hundred such JVMs.
 * A bare {@code java -jar} stays covered by {@code ZimMigrateJarIT} (and {@code HeapExhaustedIT}, whose JVMs are
 * about the heap), the launcher's own archive by {@code ZimMigrateJarIT} and {@code LauncherClassArchiveTest}.
 *
 * <p>The archive is made once per jar (its size and modification time in the file's name) under {@code
 * it-class-archive/} next to it, by one short {@code run} of the shipped example into the in-process emulator with
 * {@code -XX:ArchiveClassesAtExit}; test JVMs running side by side take turns through a file lock, and the archive
 * appears under its final name only once complete. A JVM that cannot use it runs without it, silently
 * ({@code -Xlog:cds*=off}, as the launcher); when none can be made the jar runs with C1 alone.
 */
public final class JarJava {
    private static final Map<Path, List<String>> OPTIONS = new ConcurrentHashMap<>();

    private JarJava() {}

    /** This JVM's {@code java}. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java}, the options for a short-lived process of {@code jar}, {@code -jar}, {@code jar}. */
    public static List<String> command(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(options(jar));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** The JVM options {@link #command} puts before {@code -jar}. */
    public static List<String> options(Path jar) {
        return OPTIONS.computeIfAbsent(jar.toAbsolutePath().normalize(), JarJava::optionsFor);
    }

    private static synchronized List<String> optionsFor(Path jar) {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
        try {
            Path archive = archive(jar);
            if (archive != null) {
                options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"));
            }
        } catch (IOException e) {
            // no archive: C1 alone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(options);
    }

    private static Path archive(Path jar) throws IOException, InterruptedException {
        Path example = jar.getParent().getParent().getParent().resolve("docs/examples/history.jsonl");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(example)) {
            return null;
        }
        Path dir = Files.createDirectories(jar.getParent().resolve("it-class-archive"));
        String key = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
        Path archive = dir.resolve(jar.getFileName().toString().replaceFirst("\\.jar$", "") + "-" + key + ".jsa");
        try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            if (Files.isRegularFile(archive)) {
                return archive;
            }
            Path work = Files.createTempDirectory(dir, "make-");
            try {
                Path made = work.resolve("archive.jsa");
                List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1",
                        "-XX:ArchiveClassesAtExit=" + made, "-Xlog:cds*=off", "-jar", jar.toString(), "run",
                        example.toString(), "--now", "2024-11-20T00:00:00Z", "--qps", "0", "--progress", "lines",
                        "--journal", work.resolve("journal").toString()));
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(work.resolve("run.log").toFile()).start();
                if (!p.waitFor(3, TimeUnit.MINUTES)) {
                    p.destroyForcibly().waitFor();
                    return null;
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(made) || Files.size(made) == 0) {
                    return null;
                }
                Files.move(made, archive, StandardCopyOption.ATOMIC_MOVE);
                return archive;
            } finally {
                try (var files = Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}
