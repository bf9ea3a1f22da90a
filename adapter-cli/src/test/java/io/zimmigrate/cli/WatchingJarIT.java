package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, "Watching", through the real jar: one paced run against an emulator, watched from other processes the
 * way an operator would. While it goes: its Prometheus endpoint (bound where {@code --metrics-bind} says) is
 * scraped and serves every name docs/operations.md lists, and nothing undocumented; {@code status} (text and
 * {@code --output json}) sees it running and held; {@code --events} has its lines. Then it is killed (SIGKILL) and
 * {@code status} says so.
 */
class WatchingJarIT {
    private static final String SECRET = "watching-jar-secret-0a1b2c3d4e5f";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OPERATIONS_MD = ZimMigrateJarIT.ROOT.resolve("docs/operations.md");
    /** Linux routes all of 127/8 to loopback: a bind address other than the default, still on this machine only. */
    private static final String OTHER_LOOPBACK = "127.0.0.2";

    @TempDir
    Path dir;

    @Test
    void aLiveRunIsScrapedAndSeenByStatusAndAKilledOneIsSaidSo() throws Exception {
        IsolatedJar jar = new IsolatedJar(dir.resolve("home"));
        Path input = dir.resolve("history.jsonl");
        long calls = TextHistory.write(input, 200, 18, 4, false).values().stream().mapToLong(List::size).sum();
        Path journal = dir.resolve("journal");
        Path events = dir.resolve("events.jsonl");
        Path log = dir.resolve("run.log");
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).seed(18).build())) {
            // 1 call/s per action: minutes of work, so the run is surely alive while it is watched on a busy box.
            Process run = jar.start(Map.of("ZIM_SERVER_SECRET", SECRET), log, "run", input.toString(), "--endpoint",
                    zim.baseUri().toString(), "--app-id", "7", "--qps", "1", "--journal", journal.toString(),
                    "--progress", "lines", "--metrics-port", "0", "--metrics-bind", OTHER_LOOPBACK, "--events",
                    events.toString());
            try {
                LandedTimelines.await(zim, 3, run, log);
                String url = metricsUrl(log);
                assertThat(url).startsWith("http://" + OTHER_LOOPBACK + ":").endsWith("/metrics");

                String scraped = scrape(url);
                assertThat(families(scraped)).as("scraped names, against docs/operations.md")
                        .containsExactlyInAnyOrderElementsOf(documentedNames());
                assertThat(value(scraped, "zim_migrate_calls_planned")).isPositive();
                assertThat(value(scraped, "zim_migrate_calls_total{action=\"ImportGroupMsg\",outcome=\"imported\"}")
                        + value(scraped, "zim_migrate_calls_total{action=\"ImportPeerMsg\",outcome=\"imported\"}"))
                        .isPositive();
                assertThat(servesOurMetrics(url.replace(OTHER_LOOPBACK, "127.0.0.1")))
                        .as("--metrics-bind %s: not served on 127.0.0.1", OTHER_LOOPBACK).isFalse();

                ZimMigrateJarIT.Run text = jar.run(Map.of(), "status", "--journal", journal.toString());
                assertThat(text.exit()).as("%s", text).isZero();
                assertThat(text.out()).contains("(a run holds it)").contains("state:            running (pid " + run.pid())
                        .contains("timelines ready to send");
                JsonNode live = onlyObject(jar.run(Map.of(), "status", "--journal", journal.toString(), "--output", "json"));
                assertThat(live.path("state").asText()).isEqualTo("running");
                assertThat(live.path("lockHeld").asBoolean()).isTrue();
                assertThat(live.path("calls").path("total").asLong()).isEqualTo(value(scraped, "zim_migrate_calls_planned"));
                assertThat(live.path("calls").path("settled").asLong()).isPositive();
                assertThat(live.path("readyTimelines").isIntegralNumber()).isTrue();
                assertThat(live.path("mediaBytesCopied").asLong(-1)).isZero();

                List<String> types = new ArrayList<>();
                for (String line : Files.readAllLines(events)) {
                    types.add(JSON.readTree(line).path("type").asText());
                }
                assertThat(types).contains("planned", "sent", "imported");
            } finally {
                run.destroyForcibly(); // SIGKILL: the run cannot say it stopped
                assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(LandedTimelines.count(zim)).as("killed before the end").isLessThan(calls);

            ZimMigrateJarIT.Run killed = jar.run(Map.of(), "status", "--journal", journal.toString());
            assertThat(killed.exit()).as("%s", killed).isZero();
            assertThat(killed.out()).contains("(no run holds it)").contains("state:            ended without saying so "
                    + "(killed, or the machine stopped): run the same command to resume");
            JsonNode after = onlyObject(jar.run(Map.of(), "status", "--journal", journal.toString(), "--output", "json"));
            assertThat(after.path("state").asText()).isEqualTo("killed");
            assertThat(after.path("lockHeld").asBoolean()).isFalse();
            assertThat(after.path("etaSeconds").asLong()).isEqualTo(-1);
        }
    }

    private static JsonNode onlyObject(ZimMigrateJarIT.Run r) throws IOException {
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().strip().lines()).as("%s", r).hasSize(1);
        return JSON.readTree(r.out());
    }

    private static String metricsUrl(Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = Pattern.compile("^metrics: (\\S+)$", Pattern.MULTILINE).matcher(Files.readString(log));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no metrics address printed:\n" + Files.readString(log));
    }

    private static String scrape(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        return r.body();
    }

    private static boolean servesOurMetrics(String url) throws InterruptedException {
        try {
            return scrape(url).contains("zim_migrate_calls_planned");
        } catch (IOException e) {
            return false; // refused: nothing listens there
        } catch (Exception | AssertionError e) {
            return false; // something else of this machine's answered: not our metrics
        }
    }

    /** The metric families of a scrape, by their {@code # TYPE} lines. */
    private static Set<String> families(String scraped) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("^# TYPE (zim_migrate_\\w+) (\\w+)$", Pattern.MULTILINE).matcher(scraped);
        while (m.find()) {
            String name = m.group(1);
            // A counter's family may be named without its _total; the documented name is the series'.
            names.add(m.group(2).equals("counter") && !name.endsWith("_total") ? name + "_total" : name);
        }
        // Micrometer serves a timer's maximum as a gauge family of its own; the table lists it with the histogram.
        names.removeIf(n -> n.endsWith("_max") && names.contains(n.substring(0, n.length() - 4)));
        return names;
    }

    /** The names of the table in docs/operations.md, "Metrics". */
    private static Set<String> documentedNames() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("^\\| `(zim_migrate_\\w+)` \\|", Pattern.MULTILINE).matcher(Files.readString(OPERATIONS_MD));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as("docs/operations.md lists the metrics").hasSizeGreaterThan(5);
        return names;
    }

    private static long value(String scraped, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
                .matcher(scraped);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }
}
