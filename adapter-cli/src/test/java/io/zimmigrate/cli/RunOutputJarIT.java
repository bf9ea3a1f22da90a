package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 through the real jar: {@code --output json} of {@code plan}, {@code run} and {@code verify} is one JSON
 * object on stdout and nothing else; a run keeps every rejection in a rejects file in its (default) journal
 * directory, prints that path and the first reasons at the end, and a {@code SendMessageTime} in seconds is
 * rejected as such.
 */
class RunOutputJarIT {
    private static final String SECRET = "run-output-jar-secret-0a1b2c3d4e5f";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ZimEmulator emulator() {
        return ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7).secret(ServerSecret.of(SECRET)).seed(3).build());
    }

    private static JsonNode onlyObject(ZimMigrateJarIT.Run r) throws IOException {
        assertThat(r.out().strip().lines()).as("stdout is one object: %s", r).hasSize(1);
        return JSON.readTree(r.out());
    }

    @Test
    void planRunAndVerifyEachPrintOneObject() throws Exception {
        IsolatedJar jar = new IsolatedJar(dir.resolve("home"));
        Path input = dir.resolve("history.jsonl");
        Map<String, List<String>> expected = TextHistory.write(input, 20, 31, 3, false);
        long calls = expected.values().stream().mapToLong(List::size).sum(); // one call per message and timeline

        ZimMigrateJarIT.Run plan = jar.run(Map.of(), "plan", input.toString(), "--output", "json");
        assertThat(plan.exit()).as("%s", plan).isZero();
        JsonNode planned = onlyObject(plan);
        assertThat(planned.path("messages").path("read").asLong()).isEqualTo(20);
        assertThat(planned.path("importCalls").path("total").asLong()).isEqualTo(calls);

        try (ZimEmulator zim = emulator()) {
            Map<String, String> env = Map.of("ZIM_SERVER_SECRET", SECRET, "ZIM_APP_ID", "7",
                    "ZIM_ENDPOINT", zim.baseUri().toString());
            ZimMigrateJarIT.Run run = jar.run(env, "run", input.toString(), "--qps", "0", "--progress", "lines",
                    "--output", "json");
            assertThat(run.exit()).as("%s", run).isZero();
            JsonNode ran = onlyObject(run);
            assertThat(ran.path("outcome").asText()).isEqualTo("done");
            assertThat(ran.path("rehearsal").asBoolean()).isFalse();
            assertThat(ran.path("calls").path("imported").asLong()).isEqualTo(calls);
            LandedTimelines.assertExactly(zim, expected);

            ZimMigrateJarIT.Run verify = jar.run(env, "verify", input.toString(), "--qps", "0", "--output", "json");
            assertThat(verify.exit()).as("%s", verify).isZero();
            JsonNode verified = onlyObject(verify);
            assertThat(verified.path("ok").asBoolean()).isTrue();
            assertThat(verified.path("timelines").asLong()).isEqualTo(expected.size());
            assertThat(verified.path("missing").asLong()).isZero();
        }
    }

    /**
     * Through the launcher (its class archive, C1 alone), SLF4J printed "A number (9) of logging calls during the
     * initialization phase have been intercepted and are now being replayed" (three lines) at the start of every run
     * with an endpoint: the gateway's logger was asked for on the main thread while the transport, started on a
     * thread of its own, was setting SLF4J up.
     */
    @Test
    void aRunThroughTheLauncherStartsWithoutTheLoggingLibrarysNotice() throws Exception {
        IsolatedJar jar = new IsolatedJar(dir.resolve("home"));
        for (int i = 0; i < 2; i++) { // the first run makes the launcher's class archive; the second starts from it
            Path input = dir.resolve("history" + i + ".jsonl");
            Map<String, List<String>> expected = TextHistory.write(input, 20, 40 + i, 3, false);
            try (ZimEmulator zim = emulator()) {
                List<String> command = List.of("bash", ZimMigrateJarIT.ROOT.resolve("zim-migrate").toString(), "run",
                        input.toString(), "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--qps", "0",
                        "--progress", "lines", "--journal", dir.resolve("journal" + i).toString());
                Map<String, String> env = jar.environment(Map.of("ZIM_SERVER_SECRET", SECRET, "JAVA_OPTS", "-Xmx256m",
                        "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                ZimMigrateJarIT.Run run = ZimMigrateJarIT.run(env, command, List.of("ZIM_APP_ID", "ZIM_ENDPOINT"));
                assertThat(run.exit()).as("%s", run).isZero();
                LandedTimelines.assertExactly(zim, expected);
                assertThat(run.err()).as("run %d: %s", i, run).doesNotContain("SLF4J");
            }
        }
    }

    @Test
    void aRunKeepsEveryRejectionBesideItsDefaultJournalAndEndsWithTheFirstReasons() throws Exception {
        IsolatedJar jar = new IsolatedJar(dir.resolve("home"));
        Path input = dir.resolve("with-rejections.jsonl");
        TextHistory.write(input, 6, 32, 2, false);
        long secondsAgo = System.currentTimeMillis() / 1000 - 3600;
        Files.writeString(input, Files.readString(input)
                + "{\"Id\":\"in-seconds\",\"GroupId\":\"g0\",\"FromUserId\":\"u0\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"when?\"},\"SendMessageTime\":" + secondsAgo + "}\n"
                + "{\"Id\":\"bad-type\",\"GroupId\":\"g0\",\"FromUserId\":\"u0\",\"MessageType\":99,"
                + "\"MessageBody\":{\"Message\":\"what?\"},\"SendMessageTime\":" + secondsAgo * 1000 + "}\n");
        try (ZimEmulator zim = emulator()) {
            ZimMigrateJarIT.Run run = jar.run(Map.of("ZIM_SERVER_SECRET", SECRET), "run", input.toString(),
                    "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--qps", "0", "--progress", "lines");
            assertThat(run.exit()).as("%s", run).isEqualTo(ExitCodes.REJECTED);
            assertThat(LandedTimelines.count(zim)).isPositive();
            assertThat(run.err()).as("no notice of the logging library's set-up (it printed one on every run with "
                    + "--endpoint: its transport starts in the background)").doesNotContain("SLF4J");

            Matcher every = Pattern.compile("^every rejection: (.+)$", Pattern.MULTILINE).matcher(run.out());
            assertThat(every.find()).as("the rejects file is named: %s", run).isTrue();
            Path rejects = Path.of(every.group(1));
            assertThat(rejects.getFileName()).hasToString("rejects.jsonl");
            assertThat(rejects).startsWith(jar.defaultJournalRoot()).exists();
            assertThat(Files.readAllLines(rejects)).hasSize(2).anySatisfy(l -> assertThat(l).contains("in-seconds")
                    .contains("looks like seconds")).anySatisfy(l -> assertThat(l).contains("bad-type"));

            String end = run.out().substring(run.out().indexOf("first rejections:"));
            assertThat(end).contains("in-seconds").contains("looks like seconds").contains("bad-type");
        }
    }
}
