package io.zimmigrate.cli;

import static io.zimmigrate.cli.SecretHygieneTest.ENV_SECRET;
import static io.zimmigrate.cli.SecretHygieneTest.FILE_SECRET;
import static io.zimmigrate.cli.SecretHygieneTest.SCAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret hygiene through the real jar, as separate processes, with every SLF4J logger (Vert.x's and Netty's
 * included) at TRACE and {@code --debug} on: {@code emulate} with faults, {@code run} that imports through it
 * (secret from the environment, then from a file, both transports), {@code run} and {@code verify} signing with
 * the wrong secret (fatal), {@code run} against a port where nothing listens, stopped with SIGTERM, {@code sign}
 * and bad usage. Neither secret may appear in any process's stdout or stderr, nor in any file the runs wrote.
 */
class SecretHygieneIT {
    private static final List<String> TRACE = List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
            "-Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory");
    private static final String APP_ID = "7654321";

    @TempDir
    Path dir;

    @TempDir
    Path secretDir;

    @Test
    void noProcessPrintsOrWritesTheSecret() throws Exception {
        Path secretFile = secretDir.resolve("zim.secret");
        Files.writeString(secretFile, ENV_SECRET + "\n");
        Path wrongSecretFile = secretDir.resolve("wrong.secret");
        Files.writeString(wrongSecretFile, FILE_SECRET);
        Path history = SecretHygieneTest.freshHistory(dir, System.currentTimeMillis());
        Map<String, String> env = Map.of("ZIM_SERVER_SECRET", ENV_SECRET);

        Process emulator = start(env, "emulate", "--app-id", APP_ID, "--qps", "0", "--busy-rate", "0.2",
                "--lost-rate", "0.1", "--error-rate", "0.05", "--seed", "3");
        Path emulatorErr = dir.resolve("emulate.err");
        try {
            String endpoint;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(emulator.getInputStream(),
                    StandardCharsets.UTF_8))) {
                endpoint = out.readLine();
                assertThat(endpoint).as("the emulator printed its URL").startsWith("http://127.0.0.1:");
                List<String> connect = List.of("--endpoint", endpoint, "--app-id", APP_ID, "--debug", "--read-timeout", "2");

                check(jar(env, concat(List.of("run", history.toString(), "--transport", "vertx", "--journal",
                        dir.resolve("journal").toString(), "--rejects", dir.resolve("rejects.jsonl").toString(),
                        "--id-map", dir.resolve("ids.csv").toString(), "--progress", "lines"), connect)),
                        ExitCodes.REJECTED);
                check(jar(Map.of(), concat(List.of("run", history.toString(), "--transport", "feign", "--journal",
                        dir.resolve("journal-2").toString(), "--secret-file", secretFile.toString(),
                        "--allow-duplicates"), connect)),
                        ExitCodes.REJECTED);
                check(jar(env, concat(List.of("verify", history.toString(), "--transport", "feign"), connect)), 0, 1);
                for (String transport : List.of("vertx", "feign")) {
                    check(jar(env, concat(List.of("run", history.toString(), "--transport", transport, "--journal",
                            dir.resolve("journal-wrong-" + transport).toString(), "--secret-file",
                            wrongSecretFile.toString()), connect)), ExitCodes.STOPPED);
                    check(jar(Map.of(), concat(List.of("verify", history.toString(), "--transport", transport,
                            "--secret-file", wrongSecretFile.toString()), connect)), 1, 2, 3);
                }
            }
            check(jar(env, List.of("sign", "--app-id", "1", "--nonce", "4fd24687296dd9f3", "--timestamp", "1")), 0);
            check(jar(env, List.of("sign", "--app-id", ENV_SECRET, "--nonce", "4fd24687296dd9f3", "--timestamp", "1",
                    "--debug")), ExitCodes.USAGE);
            check(jar(env, List.of("--debug", "run", ENV_SECRET, "--secret=" + ENV_SECRET)), ExitCodes.USAGE);
            check(jar(env, List.of("--help")), 0);
            stoppedRunAgainstNothing(env);
        } finally {
            emulator.destroy(); // SIGTERM: the emulator's shutdown hook closes it
            assertThat(emulator.waitFor(30, TimeUnit.SECONDS)).as("the emulator stopped").isTrue();
        }
        SCAN.assertAbsent("the emulator's stderr", Files.readString(emulatorErr, StandardCharsets.UTF_8));
        SCAN.assertAbsentInFiles(dir);
    }

    /** Nothing listens: the run retries (logging at TRACE) until SIGTERM stops it cleanly, exit 3. */
    private void stoppedRunAgainstNothing(Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("nothing.out");
        Path err = dir.resolve("nothing.err");
        Process run = new ProcessBuilder(command(List.of("run", SecretHygieneTest.freshHistory(dir,
                System.currentTimeMillis()).toString(), "--endpoint", "http://127.0.0.1:" + port, "--app-id", APP_ID,
                "--journal", dir.resolve("journal-nothing").toString(), "--debug", "--connect-timeout", "1")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            // Until it has started retrying (it prints as it does), not a fixed time: on a loaded 2-core box a JVM
            // had printed nothing yet after 4 s. Then a moment more of retries logged at TRACE.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.size(out) + Files.size(err) == 0 && run.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(2_500);
            run.destroy();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
        } finally {
            run.destroyForcibly();
        }
        String printed = Files.readString(out) + Files.readString(err);
        assertThat(printed).as(printed).isNotBlank();
        SCAN.assertAbsent("run against nothing, stopped", printed);
    }

    private static void check(ZimMigrateJarIT.Run r, Integer... exits) {
        assertThat(r.exit()).as("%s", r).isIn((Object[]) exits);
        SCAN.assertAbsent("a jar's stdout and stderr", r.out() + r.err());
    }

    private ZimMigrateJarIT.Run jar(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        return ZimMigrateJarIT.run(env, command(args));
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(List.of(args)))
                .redirectError(dir.resolve("emulate.err").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(JarJava.java()));
        command.addAll(TRACE);
        command.addAll(JarJava.options(ZimMigrateJarIT.JAR));
        command.addAll(List.of("-jar", ZimMigrateJarIT.JAR.toString()));
        command.addAll(args);
        return command;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
