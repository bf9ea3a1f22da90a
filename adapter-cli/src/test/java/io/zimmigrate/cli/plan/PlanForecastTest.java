package io.zimmigrate.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13: {@code plan} forecasts the finish from both bounds, each action's calls at the cap and its longest
 * timeline at one call per round trip, with the round trip as an option ({@code --round-trip-ms}, default 150 ms).
 */
class PlanForecastTest {
    private static final Instant NOW = Instant.parse("2024-11-20T00:00:00Z");

    @TempDir
    Path dir;

    /** One hot group of 400 messages and 100 small groups of 2: 600 group calls, the longest timeline 400. */
    private Path history() throws IOException {
        List<String> lines = new ArrayList<>();
        long t = NOW.toEpochMilli() - 86_400_000L;
        for (int g = 0; g < 100; g++) {
            for (int i = 0; i < 2; i++) {
                lines.add(line("s" + g + "-" + i, "small" + g, t++));
            }
        }
        for (int i = 0; i < 400; i++) {
            lines.add(line("h" + i, "hot", t++));
        }
        Path file = dir.resolve("history.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static String line(String id, String group, long time) {
        return "{\"Id\":\"" + id + "\",\"FromUserId\":\"u-" + group + "\",\"GroupId\":\"" + group
                + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"m " + id + "\"},\"SendMessageTime\":" + time + "}";
    }

    @Test
    void theLongestTimelineAtTheDefaultRoundTripBoundsTheFinish() throws IOException {
        Cli.Result r = new Cli().clock(NOW).run("plan", history().toString());
        assertThat(r.out()).as(r.toString())
                .contains("ImportGroupMsg:     0h 00m 30s by the cap (600 calls), 0h 01m 00s by its longest timeline "
                        + "(400 calls × 150 ms)")
                .contains("time at 20/s:          0h 01m 00s at the earliest (round trip 150 ms)");
    }

    @Test
    void aShorterRoundTripLeavesTheCapAsTheBound() throws IOException {
        Cli.Result r = new Cli().clock(NOW).run("plan", history().toString(), "--round-trip-ms", "50");
        assertThat(r.out()).as(r.toString())
                .contains("0h 00m 30s by the cap (600 calls), 0h 00m 20s by its longest timeline (400 calls × 50 ms)")
                .contains("0h 00m 30s at the earliest (round trip 50 ms)");
    }
}
