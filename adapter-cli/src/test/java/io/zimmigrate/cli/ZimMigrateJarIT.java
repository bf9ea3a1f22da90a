package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shaded jar and the launcher script, run as separate processes the way users run them. */
class ZimMigrateJarIT {
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();
    static final Path JAR = MODULE.resolve("target/zim-migrate.jar");

    record Run(int exit, String out, String err) {}

    static Run run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        return run(env, command, List.of());
    }

    /** The same, also without the inherited variables {@code unset}. */
    static Run run(Map<String, String> env, List<String> command, List<String> unset) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().remove("ZIM_SERVER_SECRET");
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished in time").isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally { // every jar IT runs through here: hundreds of files left in /tmp per build otherwise
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Run jar(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(env, command);
    }

    @Test
    void helpRuns() throws Exception {
        Run r = jar(Map.of(), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("validate").contains("sign");
    }

    @Test
    void validatesTheShippedExample() throws Exception {
        Run r = jar(Map.of(), "validate", "docs/examples/history.jsonl", "--now", "2024-11-20T00:00:00Z");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("9 valid, 0 rejected");
    }

    @Test
    void findsTheJsonlFormatThroughTheMergedServicesFile() throws Exception {
        Run r = jar(Map.of(), "validate", "--format", "nope", "docs/examples/history.jsonl");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("installed formats:").contains("jsonl");
    }

    @Test
    void signsTheDocumentedVector() throws Exception {
        Run r = jar(Map.of("ZIM_SERVER_SECRET", "9193cc662a4c0ec135ec71fb57194b38"),
                "sign", "--app-id", "12345", "--nonce", "4fd24687296dd9f3", "--timestamp", "1615186943");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().strip()).isEqualTo("43e5cfcca828314675f91b001390566a");
    }

    @Test
    void aMissingFileIsOneLineAndExit2() throws Exception {
        Run r = jar(Map.of(), "validate", "no/such/file.jsonl");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("zim-migrate validate: no/such/file.jsonl: no such file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theLauncherRunsTheJar() throws Exception {
        Run r = run(Map.of(), List.of("bash", ROOT.resolve("zim-migrate").toString(), "--version"));
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("zim-migrate ");
    }

    /** Issue 18: the launcher passes JAVA_OPTS on (how the heap line tells a user to raise the heap), split on spaces. */
    @Test
    void theLauncherPassesJavaOptsOn() throws Exception {
        Run r = run(Map.of("JAVA_OPTS", "-XshowSettings:properties -Dzim.launcher.probe=passed-on"),
                List.of("bash", ROOT.resolve("zim-migrate").toString(), "--version"));
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.err()).as("%s", r).contains("zim.launcher.probe = passed-on");
        assertThat(r.out()).startsWith("zim-migrate ");
    }

    /**
     * Issue #13 P3: the launcher's class archive with the real JVM. The first validate makes it next to the jar,
     * the second maps it, and both print what {@code java -jar} prints, with nothing from the JVM about the archive.
     */
    @Test
    void theLaunchersClassArchiveChangesNothingValidatePrints(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path target = Files.createDirectories(dir.resolve("adapter-cli/target"));
        Files.copy(ROOT.resolve("zim-migrate"), dir.resolve("zim-migrate"));
        Files.copy(JAR, target.resolve("zim-migrate.jar"));
        String example = ROOT.resolve("docs/examples/history.jsonl").toString();
        List<String> args = List.of("validate", example, "--now", "2024-11-20T00:00:00Z", "--output", "json");
        Run plain = jar(Map.of(), args.toArray(String[]::new));
        List<String> launcher = new ArrayList<>(List.of("bash", dir.resolve("zim-migrate").toString()));
        launcher.addAll(args);
        Map<String, String> java = Map.of("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());

        Run first = run(java, launcher);
        try (var files = Files.list(target)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(n -> n.matches("zim-migrate-validate-[0-9]+\\.jsa")).noneMatch(n -> n.endsWith(".tmp"));
        }
        Run second = run(java, launcher);
        assertThat(plain.exit()).as("%s", plain).isZero();
        assertThat(first).isEqualTo(plain);
        assertThat(second).isEqualTo(plain);
    }
}
