package io.zimmigrate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The makespan benchmark takes the limit's round trip from the run's own {@code forecast:} lines. */
class MakespanTest {
    @TempDir
    Path dir;

    @Test
    void readsTheMeasuredRoundTripsOfOneActionAndSkipsAssumedOnes() throws IOException {
        Path log = dir.resolve("run.log");
        Files.write(log, List.of(
                "progress: 20/3000 calls settled, 19.8 calls/s, ETA 2m 30s",
                "forecast: finish in 2m 36s (ImportGroupMsg: 2,980 calls left, 2m 29s at 20.0/s; longest timeline "
                        + "1,480 calls × 104 ms = 2m 34s; ImportPeerMsg: 40 calls left, 2s at 20.0/s; longest "
                        + "timeline 2 calls × 150 ms (assumed) = 1s)",
                "forecast: finish in 1m 30s (ImportGroupMsg: 1,000 calls left, 50s at 20.0/s; longest timeline "
                        + "860 calls × 106 ms = 1m 32s; ImportPeerMsg: 10 calls left, 1s at 20.0/s; longest "
                        + "timeline 2 calls × 98 ms = 1s)"));
        assertThat(Makespan.forecastRoundTrips(log, "ImportGroupMsg")).containsExactly(104, 106);
        assertThat(Makespan.forecastRoundTrips(log, "ImportPeerMsg")).containsExactly(98);
    }
}
