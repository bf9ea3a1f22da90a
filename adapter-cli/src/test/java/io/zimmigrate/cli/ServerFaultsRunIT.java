package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.emulator.contract.SkewableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7's server faults through the real jar ({@code zim-migrate run} as a separate process) against a real
 * emulator: the server stopped mid-run and restarted on the same port with its store, for a moment (the run rides it
 * out) and for longer than {@code --give-up-after} (exit 3, then the same command resumes); the clocks more than
 * ZIM's ten minutes apart (exit 3 naming the clock, resumed once the clock is right). Every test ends with every
 * timeline exactly as expected: nothing lost, nothing twice, in order. The engine-level versions, with both transports and with answers slower than the read timeout, are
 * {@code ServerFaultsContract} (emulator test-jar), run by the Feign and Vert.x modules.
 */
class ServerFaultsRunIT {
    private static final String SECRET = "faults-it-secret-7c1d9e0f2a3b4c5d";

    /**
     * One run meets two outages: a short one (ridden out: the process keeps going and imports more), then one longer
     * than {@code --give-up-after} (exit 3). The same command then resumes and finishes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vertx", "feign"})
    void aServerGoneBrieflyIsRiddenOutAndGoneLongerStopsWithExit3ThenTheSameCommandResumes(String transport,
                                                                                          @TempDir Path dir)
            throws Exception {
        Map<String, List<String>> expected = TextHistory.write(dir.resolve("history.jsonl"), 50, 21, 4, false);
        long calls = expected.values().stream().mapToLong(List::size).sum();
        try (ZimEmulator zim = emulator(c -> c.answerDelay(Duration.ofMillis(40)))) {
            List<String> command = command(zim, dir, transport, "--give-up-after", "8");
            Process first = start(command, dir.resolve("first.log"));
            awaitLanded(zim, 10, first, dir.resolve("first.log"));

            zim.stopListening(); // connections refused; answers in flight dropped (their imports' fate unknown)
            Thread.sleep(1_000);
            zim.startListening();
            awaitLanded(zim, 30, first, dir.resolve("first.log")); // the same process goes on after the short outage
            assertThat(LandedTimelines.count(zim)).isLessThan(calls);

            zim.stopListening(); // and now for longer than --give-up-after
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("gave up").isTrue();
            String log = Files.readString(dir.resolve("first.log"));
            assertThat(first.exitValue()).as(log).isEqualTo(3);
            assertThat(log).containsPattern("retries: [1-9]").contains("STOPPED EARLY").contains("no ZIM answer")
                    .contains("run the same command again").doesNotContain(SECRET);

            zim.startListening();
            Process second = start(command, dir.resolve("second.log"));
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("resumed run finished").isTrue();
            String resumed = Files.readString(dir.resolve("second.log"));
            assertThat(second.exitValue()).as(resumed).isZero();
            assertThat(resumed).containsPattern("already done: +[1-9]");
            LandedTimelines.assertExactly(zim, expected);
        }
    }

    @Test
    void aClockOffByMoreThanZimsToleranceStopsNamingTheClockAndResumesOnceItIsRight(@TempDir Path dir) throws Exception {
        Map<String, List<String>> expected = TextHistory.write(dir.resolve("history.jsonl"), 30, 23, 4, false);
        SkewableClock zimTime = new SkewableClock();
        try (ZimEmulator zim = emulator(c -> c.clock(zimTime).answerDelay(Duration.ofMillis(20)))) {
            List<String> command = command(zim, dir, "vertx", "--give-up-after", "3");
            Process first = start(command, dir.resolve("first.log"));
            awaitLanded(zim, 8, first, dir.resolve("first.log"));
            zimTime.skew(Duration.ofMinutes(11)); // this machine is now 11 minutes behind ZIM

            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
            String log = Files.readString(dir.resolve("first.log"));
            assertThat(first.exitValue()).as(log).isEqualTo(3);
            assertThat(log).contains("STOPPED EARLY").contains("100000004").contains("clock").contains("10 minutes")
                    .doesNotContain(SECRET);

            zimTime.skew(Duration.ZERO);
            Process second = start(command, dir.resolve("second.log"));
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("resumed run finished").isTrue();
            String resumed = Files.readString(dir.resolve("second.log"));
            assertThat(second.exitValue()).as(resumed).isZero();
            LandedTimelines.assertExactly(zim, expected);
        }
    }

    private static ZimEmulator emulator(UnaryOperator<EmulatorConfig.Builder> tweak) {
        return ZimEmulator.start(tweak.apply(EmulatorConfig.builder().port(0).appId(7).secret(ServerSecret.of(SECRET))
                .qps(20).seed(3)).build());
    }

    private static List<String> command(ZimEmulator zim, Path dir, String transport, String... more) {
        List<String> command = JarRun.command("run", dir.resolve("history.jsonl").toString(),
                "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--transport", transport,
                "--journal", dir.resolve("journal").toString(), "--connect-timeout", "2", "--progress", "lines");
        command.addAll(List.of(more));
        if (!command.contains("--read-timeout")) {
            command.addAll(List.of("--read-timeout", "5")); // well above a busy box's stalls: the faults are the test's
        }
        // The least horizon run allows (connect + read timeout): this emulator applies a request as it arrives or
        // never, so waiting the default 17 s before resending an import lost in an outage tests nothing here.
        command.addAll(List.of("--landing-horizon", Integer.toString(2 + Integer.parseInt(
                command.get(command.indexOf("--read-timeout") + 1)))));
        return command;
    }

    private static Process start(List<String> command, Path log) throws Exception {
        return JarRun.start(command, log, SECRET);
    }

    private static void awaitLanded(ZimEmulator zim, long atLeast, Process run, Path log) throws InterruptedException {
        LandedTimelines.await(zim, atLeast, run, log);
    }
}
