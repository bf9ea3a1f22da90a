package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.chaos.ChaosHistory;
import io.zimmigrate.cli.chaos.KillResumeChaos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issues 4 and 7, end to end with the real jar and a real emulator: the short chaos run. Faults on (10% busy,
 * 2% HTTP 500, 5% lost answers), {@code zim-migrate run} killed with SIGKILL three times at seeded moments and
 * resumed with the same journal, then left to finish; every timeline must hold exactly its messages, once, in
 * order. With both transports. The long version (25 kills, 2,000 messages) is {@code bench/chaos.sh}.
 */
class RunKillResumeIT {
    private static final int KILLS = 3;

    @ParameterizedTest
    @ValueSource(strings = {"vertx", "feign"})
    void killedAndResumedRunLeavesEveryTimelineExact(String transport, @TempDir Path dir) throws Exception {
        ChaosHistory history = ChaosHistory.write(dir.resolve("history.jsonl"), 240, 5, 4, 11,
                System.currentTimeMillis() - 86_400_000L);
        KillResumeChaos.Settings settings = new KillResumeChaos.Settings(ZimMigrateJarIT.JAR, KILLS, 11, transport, 50,
                KillResumeChaos.Settings.issueFaults(), Duration.ofSeconds(90), 0.3);
        ByteArrayOutputStream kills = new ByteArrayOutputStream();
        KillResumeChaos.Outcome o = KillResumeChaos.run(settings, history, dir,
                new PrintStream(kills, true, StandardCharsets.UTF_8));
        String story = kills.toString(StandardCharsets.UTF_8) + o.finalSummary() + "\n" + o.audit();

        assertThat(o.kills()).as(story).isEqualTo(KILLS);
        assertThat(o.storedBeforeFinal()).as("the kills left work done and work to do: %s", story)
                .isBetween(1L, history.calls() - 1L);
        assertThat(o.finalExit()).as(story).isZero();
        assertThat(o.finalSummary()).as("the last run resumed").containsPattern("already done: +[1-9]");
        assertThat(o.faults().busy() + o.faults().http500() + o.faults().lost()).as("faults were dealt").isPositive();
        assertThat(o.audit().counts()).as(story).isEqualTo("lost=0 duplicated=0 reordered=0 unexpected=0");
    }
}
