package io.zimmigrate.cli.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.BackgroundRun;
import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.media.LoopbackFileHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's metrics the first scrape test left out: the queue of ready timelines and the media bytes copied,
 * scraped from {@code run --metrics-port 0 --media-to DIR} while it goes (the real command line in this JVM, a real
 * emulator and a local file host on loopback). Paced at 2 calls/s per action, so the queue has timelines waiting.
 */
class MetricsScrapeTest {
    private static final String SECRET = "metrics-scrape-secret-0a1b2c3d4e5f";
    private static final byte[] BANNER = "png bytes, nine and more".getBytes(UTF_8);
    private static final byte[] REPORT = "pdf bytes".getBytes(UTF_8);

    @TempDir
    Path temp;

    @Test
    void theReadyQueueAndTheMediaBytesCopiedAreServed() throws Exception {
        try (LoopbackFileHost host = new LoopbackFileHost("xoxb-test");
             ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                     .secret(ServerSecret.of(SECRET)).seed(5).build())) {
            host.put("/banner.png", BANNER).put("/report.pdf", REPORT);
            host.failNext("/report.pdf", 1); // copied a second later than the banner: the counter grows
            Path input = input(host);
            BackgroundRun running = BackgroundRun.start(Map.of("ZIM_SERVER_SECRET", SECRET, "HOME", temp.toString()),
                    "run", input.toString(), "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--qps", "2",
                    "--media-to", temp.resolve("media").toString(), "--media-url-base", "https://cdn.example.com/m/",
                    "--journal", temp.resolve("journal").toString(), "--progress", "lines", "--metrics-port", "0");

            String url = running.awaitMetricsUrl(Duration.ofSeconds(60));
            List<Long> bytes = new ArrayList<>();
            long mostReady = 0;
            String scraped = "";
            for (int i = 0; i < 600 && !running.isDone(); i++) {
                try {
                    scraped = running.scrape(url);
                } catch (java.io.IOException e) {
                    break; // the run ended and closed its endpoint between the check and the request
                }
                bytes.add(value(scraped, "zim_migrate_media_copied_bytes_total"));
                mostReady = Math.max(mostReady, value(scraped, "zim_migrate_timelines_ready"));
                if (bytes.get(bytes.size() - 1) == BANNER.length + REPORT.length && mostReady > 0) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(running.exit(Duration.ofSeconds(120))).as(running.err()).isEqualTo(ExitCodes.OK);

            assertThat(scraped).contains("# TYPE zim_migrate_media_copied_bytes_total counter")
                    .contains("# TYPE zim_migrate_timelines_ready gauge");
            assertThat(bytes).as("media bytes scraped while the run went on").isNotEmpty().isSorted()
                    .endsWith((long) BANNER.length + REPORT.length);
            assertThat(mostReady).as("timelines waited for a place in the pace (2/s, seven timelines)").isPositive();

            // status.json (what `status` shows) carries the same values as the metrics.
            var status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    temp.resolve("journal").resolve("status.json").toFile());
            assertThat(status.path("mediaBytesCopied").asLong()).isEqualTo((long) BANNER.length + REPORT.length);
            assertThat(status.path("readyTimelines").isIntegralNumber()).isTrue();
            StringWriter shown = new StringWriter();
            assertThat(ZimMigrate.run(new CliEnvironment(Map.of("HOME", temp.toString()), Clock.systemUTC()),
                    new PrintWriter(shown), new PrintWriter(new StringWriter()), "status", "--journal",
                    temp.resolve("journal").toString())).isZero();
            assertThat(shown.toString()).contains("media copied:     " + (BANNER.length + REPORT.length) + " bytes by this run")
                    .contains("0 timelines ready to send");
        }
    }

    private Path input(LoopbackFileHost host) throws java.io.IOException {
        long dayAgo = System.currentTimeMillis() / 1000 * 1000 - 86_400_000L;
        List<String> lines = new ArrayList<>();
        String image = "{\"Uid\":\"i1\",\"Origin\":{\"Url\":\"" + host.url("/banner.png") + "\",\"Width\":2,\"Height\":1},"
                + "\"FileName\":\"banner.png\"}";
        String file = "{\"Uid\":\"f1\",\"Url\":\"" + host.url("/report.pdf") + "\",\"FileName\":\"report.pdf\"}";
        lines.add("{\"Id\":\"img\",\"GroupId\":\"g-media\",\"FromUserId\":\"u\",\"MessageType\":11,\"MessageBody\":"
                + "{\"Message\":" + image + "},\"SendMessageTime\":" + dayAgo + "}");
        lines.add("{\"Id\":\"doc\",\"GroupId\":\"g-media\",\"FromUserId\":\"u\",\"MessageType\":12,\"MessageBody\":"
                + "{\"Message\":" + file + "},\"SendMessageTime\":" + (dayAgo + 1000) + "}");
        for (int g = 0; g < 6; g++) {
            for (int m = 0; m < 1; m++) {
                lines.add("{\"Id\":\"t" + g + "-" + m + "\",\"GroupId\":\"g-" + g + "\",\"FromUserId\":\"u\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":" + (dayAgo + 2000 + m * 1000) + "}");
            }
        }
        return Files.write(temp.resolve("history.jsonl"), lines);
    }

    /** The sample's value, 0 when absent (a counter not yet registered reads 0 too). */
    private static long value(String scraped, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.Ee+-]+)$").matcher(scraped);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
