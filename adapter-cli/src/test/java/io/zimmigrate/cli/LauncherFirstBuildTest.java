package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the launcher prints no Maven colour codes on its first build. The script is copied into an empty
 * project (no jar yet, so it builds first). With a stand-in {@code mvn} on PATH that records its arguments and
 * writes escape codes the way Debian's Maven 3.8.7 does even in batch mode; and with the real Maven on a project
 * that has nothing to build, which printed {@code ESC[0m} through the old script.
 */
class LauncherFirstBuildTest {
    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("zim-migrate");
    private static final String ESC = "\u001b";

    @TempDir
    Path dir;

    private record Ran(int exit, String out, String err) {}

    private Path project() throws IOException {
        Path root = Files.createDirectories(dir.resolve("project"));
        Files.copy(LAUNCHER, root.resolve("zim-migrate"));
        return root;
    }

    private Path script(String name, String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Ran launch(Path root, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("zim-migrate").toString(), "--version")
                .directory(dir.toFile());
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A java that only says what it was asked to run. */
    private Path fakeJava() throws IOException {
        return script("java", "echo \"java $*\"\n");
    }

    @Test
    void theFirstBuildAsksMavenForBatchModeWithoutColourAndShowsNoEscapeCodes() throws Exception {
        Path root = project();
        Path args = dir.resolve("mvn-args.txt");
        script("mvn", "echo \"$*\" > '" + args + "'\n"
                + "printf '\\033[0m\\033[0m'\n"
                + "printf '\\033[0m[\\033[1;33mWARNING\\033[m] something to read\\n' >&2\n"
                + "mkdir -p adapter-cli/target && touch adapter-cli/target/zim-migrate.jar\n");
        Ran r = launch(root, Map.of("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"),
                "JAVA", fakeJava().toString()));

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(Files.readString(args).split(" ")).contains("-B", "--no-transfer-progress", "-Dstyle.color=never",
                "package");
        assertThat(r.err()).contains("building").contains("[WARNING] something to read").doesNotContain(ESC);
        assertThat(r.out()).doesNotContain(ESC).startsWith("java ").contains("-jar " + root.resolve(
                "adapter-cli/target/zim-migrate.jar") + " --version");
    }

    @Test
    void aFailedBuildStopsTheLauncherWithMavensExitStatusAndWords() throws Exception {
        Path root = project();
        script("mvn", "printf '[\\033[1;31mERROR\\033[m] BUILD FAILURE\\n'\nexit 7\n");
        Ran r = launch(root, Map.of("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"),
                "JAVA", fakeJava().toString()));

        assertThat(r.exit()).as("%s", r).isEqualTo(7);
        assertThat(r.err()).contains("[ERROR] BUILD FAILURE").doesNotContain(ESC);
        assertThat(r.out()).as("java is not started after a failed build").isEmpty();
    }

    @Test
    void theRealMavenPrintsNoEscapeCodesThroughTheLauncher() throws Exception {
        assumeTrue(new ProcessBuilder("bash", "-c", "command -v mvn").start().waitFor() == 0, "mvn on PATH");
        Path root = project();
        // Nothing to build or download: a pom-packaged project binds no plugin to package.
        Files.writeString(root.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId><artifactId>launcher-colour</artifactId><version>1</version>
                  <packaging>pom</packaging>
                </project>
                """);
        Ran r = launch(root, Map.of("JAVA", fakeJava().toString(), "MAVEN_OPTS", ""));

        assertThat(r.err()).contains("building").doesNotContain(ESC);
        assertThat(r.out()).doesNotContain(ESC);
    }
}
