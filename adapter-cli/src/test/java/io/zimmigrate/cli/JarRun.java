package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code zim-migrate} jar as a child process, for the end-to-end ITs: its command line, its start with the
 * ServerSecret in the environment (never on the command line) and its output in a log file, and a run to its end.
 */
final class JarRun {
    private JarRun() {}

    /** What a finished run left: its exit code and everything it printed. */
    record Result(int exit, String log) {}

    /** {@code java -jar zim-migrate.jar ARGS…}, with this JVM's java and {@link JarJava}'s options. */
    static List<String> command(String... args) {
        List<String> command = JarJava.command(ZimMigrateJarIT.JAR);
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code command} with {@code ZIM_SERVER_SECRET} set; stdout and stderr go to {@code log}. */
    static Process start(List<String> command, Path log, String secret) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ZIM_SERVER_SECRET", secret);
        return pb.start();
    }

    /** Starts {@code command} and waits for its end, at most {@code timeout} (then the test fails). */
    static Result run(List<String> command, Path log, String secret, Duration timeout)
            throws IOException, InterruptedException {
        Process p = start(command, log, secret);
        assertThat(p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("finished within %s", timeout).isTrue();
        return new Result(p.exitValue(), Files.readString(log));
    }
}
