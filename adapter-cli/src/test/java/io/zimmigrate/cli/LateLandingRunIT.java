package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.Faults;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session 12's duplicate through the real jar: the emulator takes some imports in, never answers them, and applies
 * them 3 s later, after the run's first read-back (2 s after the loss). {@code zim-migrate run} must read back again
 * once each such request is {@code --landing-horizon} old instead of resending it: every timeline exactly once, in
 * order (main's jar left 9 duplicates in 60 messages against {@code emulate --late-rate 0.15 --late-ms 4000}).
 */
class LateLandingRunIT {
    private static final String SECRET = "late-landing-it-secret-5e8a0b1c2d";

    @ParameterizedTest
    @ValueSource(strings = {"vertx", "feign"})
    void importsZimAppliesAfterTheFirstReadBackAreNotSentAgain(String transport, @TempDir Path dir) throws Exception {
        Map<String, List<String>> expected = TextHistory.write(dir.resolve("history.jsonl"), 30, 13, 3, false);
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(20).seed(5).answerDelay(Duration.ofMillis(10))
                .faults(new Faults(0, 0, 0, 0, Duration.ZERO, 0.2, Duration.ofSeconds(3))).build())) {
            List<String> command = JarRun.command("run", dir.resolve("history.jsonl").toString(),
                    "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--transport", transport,
                    "--journal", dir.resolve("journal").toString(), "--progress", "lines",
                    "--connect-timeout", "2", "--read-timeout", "3", "--landing-horizon", "6");
            JarRun.Result run = JarRun.run(command, dir.resolve("run.log"), SECRET, Duration.ofMinutes(3));

            assertThat(run.exit()).as(run.log()).isZero();
            assertThat(run.log()).as("late requests were dealt, and each was found on a read-back")
                    .containsPattern("lost answers: ([1-9][0-9]*) \\(\\1 found landed on reconciliation\\)")
                    .doesNotContain("resent").doesNotContain(SECRET);
            LandedTimelines.assertExactly(zim, expected);
        }
    }
}
