package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 P3: the launcher runs {@code validate} with the serial collector unless {@code JAVA_OPTS} picks a
 * collector, and with C2 alone unless {@code JAVA_OPTS} speaks of tiered compilation; it leaves every other command
 * (and a {@code validate} that is not the first argument) to the JVM's choice (its class archive:
 * {@link LauncherClassArchiveTest}). The script is copied next to a stand-in jar and run with a {@code java} that
 * prints its arguments.
 */
class LauncherGcTest {
    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("zim-migrate");

    @TempDir
    Path dir;

    private String javaArgs(String javaOpts, String... args) throws Exception {
        Path root = Files.createDirectories(dir.resolve("project"));
        if (!Files.exists(root.resolve("zim-migrate"))) {
            Files.copy(LAUNCHER, root.resolve("zim-migrate"));
            Files.createDirectories(root.resolve("adapter-cli/target"));
            Files.writeString(root.resolve("adapter-cli/target/zim-migrate.jar"), "");
        }
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\necho \"java $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = root.resolve("zim-migrate").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("JAVA_OPTS", javaOpts);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void validateRunsWithTheSerialCollectorAfterTheUsersOptions() throws Exception {
        assertThat(javaArgs("", "validate", "a.jsonl")).startsWith("java -XX:+UseSerialGC ").endsWith(" validate a.jsonl");
        assertThat(javaArgs("-Xmx256m", "validate", "a.jsonl")).startsWith("java -Xmx256m -XX:+UseSerialGC ");
    }

    @Test
    void aCollectorInJavaOptsWins() throws Exception {
        assertThat(javaArgs("-XX:+UseG1GC -Xmx1g", "validate", "a.jsonl")).doesNotContain("Serial")
                .startsWith("java -XX:+UseG1GC -Xmx1g -XX:-TieredCompilation ");
        assertThat(javaArgs("-Xmx1g -XX:+UseParallelGC", "validate", "a.jsonl")).doesNotContain("Serial");
    }

    @Test
    void otherCommandsKeepTheJvmsChoice() throws Exception {
        for (String command : new String[] {"plan", "verify", "--debug", "help"}) {
            assertThat(javaArgs("", command, "validate")).as(command).doesNotContain("-XX:").doesNotContain("-Xlog");
        }
        // run has a class archive of its own (LauncherClassArchiveTest) and C1 alone (below), no collector choice.
        assertThat(javaArgs("", "run", "validate")).doesNotContain("GC").doesNotContain("-XX:-Tiered");
    }

    /** Issue #13 P3, session 11: C2 alone for validate (a third of the compilers' CPU), unless JAVA_OPTS says. */
    @Test
    void validateRunsWithoutTieredCompilationUnlessJavaOptsSays() throws Exception {
        assertThat(javaArgs("", "validate", "a.jsonl")).startsWith("java -XX:+UseSerialGC -XX:-TieredCompilation ");
        assertThat(javaArgs("-XX:+TieredCompilation", "validate", "a.jsonl"))
                .startsWith("java -XX:+TieredCompilation -XX:+UseSerialGC ").doesNotContain("-XX:-Tiered");
        assertThat(javaArgs("-XX:TieredStopAtLevel=1", "validate", "a.jsonl")).doesNotContain("-XX:-Tiered");
    }

    /** Issue #15 P6, session 15: C1 alone for run (C2's thread took a core from a resume's start), unless JAVA_OPTS says. */
    @Test
    void runStopsAtC1UnlessJavaOptsSays() throws Exception {
        assertThat(javaArgs("", "run", "a.jsonl")).startsWith("java -XX:TieredStopAtLevel=1 ");
        assertThat(javaArgs("-Xmx256m", "run", "a.jsonl")).startsWith("java -Xmx256m -XX:TieredStopAtLevel=1 ");
        assertThat(javaArgs("-XX:+TieredCompilation", "run", "a.jsonl")).doesNotContain("TieredStopAtLevel");
        assertThat(javaArgs("-XX:TieredStopAtLevel=4", "run", "a.jsonl"))
                .startsWith("java -XX:TieredStopAtLevel=4 ").doesNotContain("TieredStopAtLevel=1");
        assertThat(javaArgs("", "plan", "a.jsonl")).doesNotContain("Tiered");
    }
}
