package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.chaos.ChaosHistory;
import io.zimmigrate.cli.chaos.KillResumeChaos;
import io.zimmigrate.emulator.Faults;
import io.zimmigrate.emulator.MediaReadBack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issues 4, 7 and 12, end to end with the real jar and a real emulator: the short chaos run. Faults on (10% busy,
 * 2% HTTP 500, 12% lost answers), {@code zim-migrate run} killed with SIGKILL three times at seeded moments and
 * resumed with the same journal, then left to finish; every timeline must hold exactly its messages, once, in
 * order. A third of the messages are images and files drawn from four files, so the same picture is sent again and
 * again and only its Uid tells the copies apart; their lost answers are reconciled against read-backs in both forms
 * a server may answer (#12 item 1): ZIM's documented URL-encoded snake_case JSON, which carries no Uid, with the
 * Vert.x transport, and the body as sent, Uid included, with Feign. The long version (25 kills, 2,000 messages,
 * either form) is {@code bench/chaos.sh}.
 */
class RunKillResumeIT {
    private static final int KILLS = 3;

    @ParameterizedTest(name = "{0}, media read back {1}")
    @CsvSource({"vertx, documented", "feign, as-sent"})
    void killedAndResumedRunLeavesEveryTimelineExact(String transport, String readBack, @TempDir Path dir)
            throws Exception {
        ChaosHistory history = ChaosHistory.write(dir.resolve("history.jsonl"), 160, 5, 4, 11,
                System.currentTimeMillis() - 86_400_000L, new ChaosHistory.Mix(0.35, 4));
        KillResumeChaos.Settings settings = new KillResumeChaos.Settings(ZimMigrateJarIT.JAR, KILLS, 11, transport, 50,
                new Faults(0.10, 0.02, 0.12, 0, Duration.ZERO), Duration.ofSeconds(90), 0.3,
                MediaReadBack.ofOptionName(readBack));
        ByteArrayOutputStream kills = new ByteArrayOutputStream();
        KillResumeChaos.Outcome o = KillResumeChaos.run(settings, history, dir,
                new PrintStream(kills, true, StandardCharsets.UTF_8));
        String story = kills.toString(StandardCharsets.UTF_8) + o.finalSummary() + "\n" + o.audit();

        assertThat(history.mediaMessages()).as("the history holds images and files").isGreaterThan(40);
        assertThat(o.kills()).as(story).isEqualTo(KILLS);
        assertThat(o.storedBeforeFinal()).as("the kills left work done and work to do: %s", story)
                .isBetween(1L, history.calls() - 1L);
        assertThat(o.finalExit()).as(story).isZero();
        assertThat(o.finalSummary()).as("the last run resumed").containsPattern("already done: +[1-9]");
        assertThat(o.faults().busy() + o.faults().http500() + o.faults().lost()).as("faults were dealt").isPositive();
        assertThat(o.mediaAnswersLost()).as("answers of landed media messages were lost, so reconciliation had to "
                + "recognise media bodies read back %s: %s", readBack, story).isPositive();
        assertThat(o.audit().counts()).as(story).isEqualTo("lost=0 duplicated=0 reordered=0 unexpected=0");
    }
}
