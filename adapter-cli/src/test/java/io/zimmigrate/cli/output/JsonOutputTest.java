package io.zimmigrate.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --output json} on plan, run and verify: one object on stdout, with the documented fields; the run's
 * rejects file by default in the journal directory, its first reasons after the summary; {@code --events}.
 */
class JsonOutputTest {
    private static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("docs/examples");
    private static final String NOW = "2024-11-20T12:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Cli cli = new Cli().systemClock();

    private static JsonNode onlyObject(Cli.Result r) throws Exception {
        assertThat(r.out().strip().lines()).as(r.toString()).hasSize(1);
        return JSON.readTree(r.out());
    }

    @Test
    void planPrintsOneObject() throws Exception {
        Cli.Result r = cli.run("plan", EXAMPLES.resolve("history.jsonl").toString(), "--now", NOW, "--output", "json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode o = onlyObject(r);
        assertThat(o.path("importCalls").path("total").asLong()).isEqualTo(11);
        assertThat(o.path("importCalls").path("ImportGroupMsg").asLong() + o.path("importCalls").path("ImportPeerMsg").asLong())
                .isEqualTo(11);
        assertThat(o.path("messages").path("read").asLong()).isEqualTo(9);
        assertThat(o.path("durationSeconds").isNumber()).isTrue();
    }

    @Test
    void runPrintsOneObjectAndNothingElseOnStdout() throws Exception {
        Cli.Result r = cli.run("run", EXAMPLES.resolve("history.jsonl").toString(), "--now", NOW, "--output", "json",
                "--progress", "lines");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode o = onlyObject(r);
        assertThat(o.path("outcome").asText()).isEqualTo("done");
        assertThat(o.path("rehearsal").asBoolean()).isTrue();
        assertThat(o.path("calls").path("imported").asLong()).isEqualTo(11);
        assertThat(o.path("calls").path("total").asLong()).isEqualTo(11);
        assertThat(o.path("troubledTimelines").size()).isZero();
    }

    @Test
    void runKeepsEveryRejectionInTheJournalDirectoryAndPrintsTheFirstReasons() throws Exception {
        Path journal = dir.resolve("journal");
        Cli.Result r = cli.run("run", EXAMPLES.resolve("history-with-errors.jsonl").toString(), "--now", NOW,
                "--journal", journal.toString(), "--progress", "lines");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        Path rejects = journal.resolve("rejects.jsonl");
        assertThat(rejects).exists();
        List<String> lines = Files.readAllLines(rejects);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(25).allMatch(l -> l.startsWith("{\"line\":"));
        assertThat(r.out()).contains("rejected by rule:").contains("first rejections:")
                .contains("[record.json]").doesNotContain("(null)").contains("every rejection: " + rejects);

        Cli.Result json = cli.run("run", EXAMPLES.resolve("history-with-errors.jsonl").toString(), "--now", NOW,
                "--output", "json", "--progress", "lines");
        JsonNode o = onlyObject(json);
        assertThat(o.path("outcome").asText()).isEqualTo("rejections");
        assertThat(o.path("rejectedByRule").path("id.charset").asLong()).isPositive();
        assertThat(o.path("firstRejections").size()).isPositive();
    }

    @Test
    void verifyPrintsOneObject() throws Exception {
        Instant examples = Instant.parse(NOW);
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), examples));
        String secret = "0123456789abcdef0123456789abcdef";
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().appId(7).secret(ServerSecret.of(secret))
                .clock(clock).build())) {
            CliEnvironment env = new CliEnvironment(Map.of("ZIM_SERVER_SECRET", secret), clock);
            String endpoint = zim.baseUri().toString();
            String[] connection = {"--endpoint", endpoint, "--app-id", "7"};
            int ran = run(env, concat(new String[] {"run", EXAMPLES.resolve("history.jsonl").toString(), "--qps", "0",
                    "--journal", dir.resolve("journal").toString(), "--progress", "lines"}, connection)).exit();
            assertThat(ran).isEqualTo(ExitCodes.OK);
            Cli.Result verified = run(env, concat(new String[] {"verify", EXAMPLES.resolve("history.jsonl").toString(),
                    "--output", "json", "--qps", "0"}, connection));
            assertThat(verified.exit()).as(verified.toString()).isEqualTo(ExitCodes.OK);
            JsonNode o = onlyObject(verified);
            assertThat(o.path("ok").asBoolean()).isTrue();
            assertThat(o.path("timelines").asLong()).isPositive();
            assertThat(o.path("missing").asLong()).isZero();
            assertThat(o.path("differences").size()).isZero();
        }
    }

    @Test
    void eventsAreWrittenAsJsonLines() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Cli.Result r = cli.run("run", EXAMPLES.resolve("history.jsonl").toString(), "--now", NOW, "--events",
                events.toString(), "--progress", "lines");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        List<String> types = new ArrayList<>();
        long imported = 0;
        for (String line : Files.readAllLines(events)) {
            JsonNode e = JSON.readTree(line);
            assertThat(e.path("at").asText()).isNotEmpty();
            types.add(e.path("type").asText());
            if (e.path("type").asText().equals("imported")) {
                imported++;
                assertThat(e.path("timeline").asText()).isNotEmpty();
                assertThat(e.path("messageId").asText()).startsWith("m-");
                assertThat(e.path("msgSeq").asLong()).isPositive();
            }
        }
        assertThat(types).contains("planned", "sent", "imported", "progress");
        assertThat(imported).isEqualTo(11);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan", "run", "verify"})
    void formatJsonIsRefusedWhereItMeansNothing(String command) {
        String[] args = {command, EXAMPLES.resolve("history.jsonl").toString(), "--now", NOW, "--format", "json"};
        Cli.Result r = command.equals("verify")
                ? new Cli().systemClock().env(Map.of("ZIM_SERVER_SECRET", "0123456789abcdef0123456789abcdef"))
                        .run(concat(args, new String[] {"--endpoint", "http://127.0.0.1:9", "--app-id", "1"}))
                : cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--output json");
    }

    private static Cli.Result run(CliEnvironment env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ZimMigrate.run(env, new PrintWriter(out), new PrintWriter(err), args);
        return new Cli.Result(exit, out.toString(), err.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
