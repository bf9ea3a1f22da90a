package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues #13 P3 and #15 P6: the launcher's class archives for {@code validate} and {@code run}. The first
 * {@code validate} (or {@code run}) of a jar runs with {@code -XX:ArchiveClassesAtExit} into a temporary file, which
 * becomes {@code zim-migrate-validate-KEY.jsa} ({@code zim-migrate-run-KEY.jsa}) next to the jar once java has exited;
 * later runs use it with {@code -XX:SharedArchiveFile}; a changed jar gets a new one.
 * The script runs next to a stand-in jar with a {@code java} that prints its arguments, writes the archive it is
 * asked for, and exits with {@code $EXIT}. ZimMigrateJarIT runs the real JVM through it.
 */
class LauncherClassArchiveTest {
    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("zim-migrate");

    @TempDir
    Path dir;
    private Path target;

    private record Ran(int exit, String out) {}

    @BeforeEach
    void project() throws Exception {
        Path root = Files.createDirectories(dir.resolve("project"));
        Files.copy(LAUNCHER, root.resolve("zim-migrate"));
        target = Files.createDirectories(root.resolve("adapter-cli/target"));
        Files.writeString(target.resolve("zim-migrate.jar"), "jar 1");
        Path java = dir.resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "java $*"
                for a in "$@"; do
                  case "$a" in -XX:ArchiveClassesAtExit=*) [[ -n "${NO_ARCHIVE:-}" ]] || echo archive > "${a#*=}";; esac
                done
                if [[ -n "${READ_STDIN:-}" ]]; then read -r line; echo "read $line"; fi
                if [[ -n "${UNTIL_TERM:-}" ]]; then
                  trap 'echo "got TERM"; exit 3' TERM
                  echo ready > "$UNTIL_TERM"
                  while :; do sleep 0.05; done
                fi
                exit "${EXIT:-0}"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Ran launch(String javaOpts, String... env) throws Exception {
        return launch(javaOpts, List.of("validate", "a.jsonl"), env);
    }

    private Ran launch(String javaOpts, List<String> args, String... env) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", dir.resolve("project/zim-migrate").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA", dir.resolve("java").toString());
        pb.environment().put("JAVA_OPTS", javaOpts);
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    private List<String> filesNextToTheJar() throws Exception {
        try (Stream<Path> files = Files.list(target)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("zim-migrate.jar")).sorted().toList();
        }
    }

    @Test
    void theFirstValidateMakesTheArchiveAndLaterOnesUseIt() throws Exception {
        Ran first = launch("");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("-XX:ArchiveClassesAtExit=" + target.resolve("zim-migrate-validate-"))
                .contains(" -Xlog:cds*=off -jar ").endsWith(" validate a.jsonl").doesNotContain("SharedArchiveFile");
        List<String> kept = filesNextToTheJar();
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0)).matches("zim-migrate-validate-[0-9]+\\.jsa");

        Ran second = launch("-Xmx256m");
        assertThat(second.out()).startsWith("java -Xmx256m ")
                .contains("-XX:SharedArchiveFile=" + target.resolve(kept.get(0)) + " -Xlog:cds*=off -jar ")
                .doesNotContain("ArchiveClassesAtExit");
        assertThat(filesNextToTheJar()).isEqualTo(kept);
    }

    @Test
    void aChangedJarGetsANewArchiveAndTheOldOneIsRemoved() throws Exception {
        launch("");
        List<String> before = filesNextToTheJar();
        Files.writeString(target.resolve("zim-migrate.jar"), "jar 2, rebuilt");

        Ran again = launch("");
        assertThat(again.out()).contains("-XX:ArchiveClassesAtExit=").doesNotContain("SharedArchiveFile");
        List<String> after = filesNextToTheJar();
        assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
        assertThat(launch("").out()).contains("-XX:SharedArchiveFile=" + target.resolve(after.get(0)));
    }

    @Test
    void theArchivingRunEndsWithJavasExitStatusAndItsOutput() throws Exception {
        Ran failed = launch("", "EXIT", "3");
        assertThat(failed.exit()).isEqualTo(3);
        assertThat(failed.out()).startsWith("java ").endsWith(" validate a.jsonl");
        assertThat(filesNextToTheJar()).hasSize(1);
    }

    @Test
    void noArchiveWrittenLeavesNothingBehindAndTheNextRunTriesAgain() throws Exception {
        assertThat(launch("", "NO_ARCHIVE", "1").exit()).isZero();
        assertThat(filesNextToTheJar()).isEmpty();
        assertThat(launch("").out()).contains("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void javaOptsAboutClassSharingTurnTheArchiveOff() throws Exception {
        for (String opts : List.of("-Xshare:off", "-XX:SharedArchiveFile=/my.jsa", "-XX:ArchiveClassesAtExit=/my.jsa")) {
            Ran r = launch(opts);
            assertThat(r.out()).as(opts).startsWith("java " + opts + " ").doesNotContain("-Xlog:cds")
                    .doesNotContain(target.toString() + "/zim-migrate-validate");
        }
        assertThat(filesNextToTheJar()).isEmpty();
    }

    @Test
    void theFirstRunMakesAnArchiveOfItsOwnAndLaterRunsUseIt() throws Exception {
        launch("");
        List<String> validate = filesNextToTheJar();
        Ran first = launch("", List.of("run", "a.jsonl"));
        assertThat(first.out()).contains("-XX:ArchiveClassesAtExit=" + target.resolve("zim-migrate-run-"))
                .endsWith(" run a.jsonl");
        List<String> both = filesNextToTheJar();
        assertThat(both).hasSize(2).containsAll(validate);
        String run = both.stream().filter(f -> f.startsWith("zim-migrate-run-")).findFirst().orElseThrow();
        assertThat(run).matches("zim-migrate-run-[0-9]+\\.jsa");

        assertThat(launch("-Xmx256m", List.of("run", "a.jsonl")).out())
                .contains("-XX:SharedArchiveFile=" + target.resolve(run) + " -Xlog:cds*=off -jar ");
        assertThat(launch("").out()).contains("-XX:SharedArchiveFile=" + target.resolve(validate.get(0)));
        assertThat(filesNextToTheJar()).isEqualTo(both);
    }

    @Test
    void helpAndVersionMakeNoArchive() throws Exception {
        for (List<String> args : List.of(List.of("run", "--help"), List.of("validate", "-h"), List.of("run", "-V"))) {
            Ran r = launch("", args);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).as(args.toString()).doesNotContain("Archive");
        }
        assertThat(filesNextToTheJar()).isEmpty();
    }

    @Test
    void aUsageErrorLeavesNoArchiveAndTheNextRunMakesIt() throws Exception {
        Ran usage = launch("", List.of("run", "a.jsonl"), "EXIT", "2");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(filesNextToTheJar()).isEmpty();
        assertThat(launch("", List.of("run", "a.jsonl")).out()).contains("-XX:ArchiveClassesAtExit=");
        assertThat(filesNextToTheJar()).hasSize(1);
    }

    @Test
    void theArchivingRunReadsTheLaunchersInput() throws Exception {
        List<String> command = List.of("bash", dir.resolve("project/zim-migrate").toString(), "run", "-");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA", dir.resolve("java").toString());
        pb.environment().put("READ_STDIN", "1");
        Process p = pb.start();
        p.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("-XX:ArchiveClassesAtExit=").contains("read hello");
    }

    @Test
    void aTermSentToTheLauncherStopsJavaWhileItMakesTheArchive() throws Exception {
        Path ready = dir.resolve("ready");
        List<String> command = List.of("bash", dir.resolve("project/zim-migrate").toString(), "run", "a.jsonl");
        Path output = dir.resolve("output.txt"); // Process.destroy closes the pipes: the output goes to a file
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("JAVA", dir.resolve("java").toString());
        pb.environment().put("UNTIL_TERM", ready.toString());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(ready) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ready).exists();
        p.destroy(); // SIGTERM to the launcher's pid, as a service manager sends it
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("java stopped and the launcher with it").isTrue();
        assertThat(Files.readString(output)).contains("got TERM");
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(filesNextToTheJar()).singleElement().asString().startsWith("zim-migrate-run-");
    }

    @Test
    void otherCommandsHaveNoArchive() throws Exception {
        for (String command : List.of("plan", "verify", "--help")) {
            assertThat(launch("", List.of(command, "a.jsonl")).out()).as(command).doesNotContain("Archive")
                    .doesNotContain("-Xlog");
        }
        assertThat(filesNextToTheJar()).isEmpty();
    }

    @Test
    void aJarDirectoryItCannotWriteGetsNoArchive() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Ran r = launch("");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).doesNotContain("Archive");
        } finally {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
