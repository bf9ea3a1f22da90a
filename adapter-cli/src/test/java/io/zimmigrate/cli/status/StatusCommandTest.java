package io.zimmigrate.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zimmigrate.cli.BackgroundRun;
import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status --journal DIR} while a run goes on (in this JVM, through the real command line and the emulator)
 * and after it stopped; the run's Prometheus endpoint scraped while it goes.
 */
class StatusCommandTest {
    private static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("docs/examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Cli cli = new Cli().systemClock();

    private JsonNode status(Path journal) throws Exception {
        Cli.Result r = cli.run("status", "--journal", journal.toString(), "--output", "json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out().strip().lines()).hasSize(1);
        return JSON.readTree(r.out());
    }

    @Test
    void afterAFinishedRunStatusShowsEveryCallSettledAndNoRunHoldingTheJournal() throws Exception {
        Path journal = dir.resolve("journal");
        Cli.Result run = cli.run("run", EXAMPLES.resolve("history.jsonl").toString(), "--now", "2024-11-20T12:00:00Z",
                "--journal", journal.toString(), "--progress", "lines");
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.OK);

        JsonNode s = status(journal);
        assertThat(s.path("state").asText()).isEqualTo("finished");
        assertThat(s.path("lockHeld").asBoolean()).isFalse();
        assertThat(s.path("calls").path("total").asLong()).isEqualTo(11);
        assertThat(s.path("calls").path("settled").asLong()).isEqualTo(11);
        assertThat(s.path("byAction").path("ImportGroupMsg").path("imported").asLong()
                + s.path("byAction").path("ImportPeerMsg").path("imported").asLong()).isEqualTo(11);
        assertThat(s.path("lastAnswerAt").isTextual()).isTrue();
        assertThat(s.path("lastError").isNull()).isTrue();

        Cli.Result text = cli.run("status", "--journal", journal.toString());
        assertThat(text.out()).contains("no run holds it").contains("state:            finished")
                .contains("calls settled:    11 / 11 (100.0 %)");
    }

    @Test
    void rejectionsAreCountedByRuleWithTheFirstReasons() throws Exception {
        Path journal = dir.resolve("journal");
        Cli.Result run = cli.run("run", EXAMPLES.resolve("history-with-errors.jsonl").toString(), "--now",
                "2024-11-20T12:00:00Z", "--journal", journal.toString(), "--progress", "lines");
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.REJECTED);

        JsonNode s = status(journal);
        assertThat(s.path("rejectedByRule").path("id.charset").asLong()).isPositive();
        assertThat(s.path("firstRejections").size()).isBetween(1, 20);
        assertThat(s.path("firstRejections").get(0).path("rule").asText()).isNotEmpty();
        Cli.Result text = cli.run("status", "--journal", journal.toString());
        assertThat(text.out()).contains("rejected by rule:").contains("id.charset").contains("first rejections:");
    }

    @Test
    void whileTheRunGoesStatusSeesItAliveAndMetricsAreServed() throws Exception {
        Path journal = dir.resolve("journal");
        BackgroundRun running = BackgroundRun.start(Map.of(),
                "run", EXAMPLES.resolve("history.jsonl").toString(), "--now", "2024-11-20T12:00:00Z", "--journal",
                journal.toString(), "--progress", "lines", "--qps", "1", "--metrics-port", "0");

        String metricsUrl = running.awaitMetricsUrl(Duration.ofSeconds(60));
        assertThat(metricsUrl).startsWith("http://127.0.0.1:");
        JsonNode alive = null;
        String scraped = "";
        for (int i = 0; i < 200 && !running.isDone(); i++) {
            if (Files.exists(journal.resolve(StatusFile.NAME))) {
                JsonNode s = status(journal);
                if (s.path("calls").path("settled").asLong() > 0) {
                    alive = s;
                    scraped = running.scrape(metricsUrl);
                    break;
                }
            }
            Thread.sleep(50);
        }
        assertThat(running.exit(Duration.ofSeconds(120))).as(running.err()).isEqualTo(ExitCodes.OK);
        assertThat(alive).as("a status with calls settled, seen while the run went on").isNotNull();
        assertThat(alive.path("state").asText()).isEqualTo("running");
        assertThat(alive.path("lockHeld").asBoolean()).isTrue();
        assertThat(alive.path("calls").path("settled").asLong()).isLessThan(11);

        assertThat(scraped).contains("zim_migrate_calls_total{action=\"ImportGroupMsg\",outcome=\"imported\"}")
                .contains("zim_migrate_calls_planned 11.0").contains("zim_migrate_in_flight")
                .contains("zim_migrate_round_trip_seconds_bucket").contains("zim_migrate_eta_seconds")
                .contains("zim_migrate_lost_answers_total").contains("zim_migrate_throttled_total");
        long imported = Pattern.compile("zim_migrate_calls_total\\{action=\"[A-Za-z]+\",outcome=\"imported\"} (\\d+)")
                .matcher(scraped).results().mapToLong(m -> (long) Double.parseDouble(m.group(1))).sum();
        assertThat(imported).isPositive();
        assertThat(status(journal).path("state").asText()).isEqualTo("finished");
    }

    @Test
    void aStatusFileLeftRunningWithNobodyHoldingTheJournalMeansTheRunWasKilled() throws Exception {
        Path journal = Files.createDirectories(dir.resolve("journal"));
        Files.writeString(journal.resolve(StatusFile.NAME), "{\"state\":\"running\",\"pid\":1,\"updatedAt\":"
                + "\"2024-11-20T00:00:00Z\",\"calls\":{\"total\":10,\"settled\":4},\"etaSeconds\":30,\"callsPerSecond\":2.0}");
        JsonNode s = status(journal);
        assertThat(s.path("state").asText()).isEqualTo("killed");
        assertThat(s.path("etaSeconds").asLong()).isEqualTo(-1);
        assertThat(cli.run("status", "--journal", journal.toString()).out()).contains("killed");
    }

    /** A run provisioning for an hour shows how far it is, in the text form as in the JSON. */
    @Test
    void provisioningsProgressIsShown() throws Exception {
        Path journal = Files.createDirectories(dir.resolve("journal"));
        Files.writeString(journal.resolve(StatusFile.NAME), "{\"state\":\"running\",\"pid\":1,\"updatedAt\":"
                + "\"2024-11-20T00:00:00Z\",\"calls\":{\"total\":10,\"settled\":0},\"provisioning\":{\"users\":1000,"
                + "\"usersDone\":1000,\"groups\":20000,\"groupsDone\":7904}}");
        assertThat(status(journal).path("provisioning").path("groupsDone").asLong()).isEqualTo(7904);
        assertThat(cli.run("status", "--journal", journal.toString()).out())
                .contains("provisioning:     1000 / 1000 users registered, 7904 / 20000 groups created with their members");
    }

    @Test
    void aDirectoryWithoutAJournalIsAUsageError() {
        Cli.Result r = cli.run("status", "--journal", dir.resolve("nothing").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).hasSize(1);
    }

    @Test
    void withoutAJournalOrTheRunsInputAndEndpointStatusSaysWhatIsMissing() {
        String input = EXAMPLES.resolve("history.jsonl").toString();
        assertThat(oneUsageLine("status")).contains("--journal DIR").contains("FILE");
        assertThat(oneUsageLine("status", input, "--app-id", "7")).contains("rehearsal").contains("--endpoint");
        assertThat(oneUsageLine("status", input, "--endpoint", "http://127.0.0.1:9")).contains("--app-id");
        assertThat(oneUsageLine("status", input, "--journal", dir.toString())).contains("not both");
    }

    @Test
    void theDefaultJournalIsFoundFromTheEnvironmentAsForRun() throws Exception {
        Path input = EXAMPLES.resolve("history.jsonl");
        Map<String, String> env = Map.of("XDG_STATE_HOME", dir.toString(), "ZIM_APP_ID", "7",
                "ZIM_ENDPOINT", "http://127.0.0.1:9");
        Path expected = io.zimmigrate.cli.run.JournalHome.journalFor(new CliEnvironment(env, Clock.systemUTC()),
                "app-7@http://127.0.0.1:9", input);
        Cli.Result missing = new Cli().env(env).run("status", input.toString());
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("no journal at " + expected);

        Files.createDirectories(expected);
        Cli.Result found = new Cli().env(env).run("status", input.toString(), "--output", "json");
        assertThat(found.exit()).as(found.toString()).isEqualTo(ExitCodes.OK);
        assertThat(JSON.readTree(found.out()).path("journal").asText()).isEqualTo(expected.toString());
    }

    private String oneUsageLine(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        return r.err();
    }
}
