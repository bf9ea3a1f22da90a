package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's forecast line: the round trip it measured as it is, a fraction of a millisecond at the emulator. */
class ForecastLineTest {
    private static String line(double roundTripMillis, long byChainMillis) {
        return ProgressReporter.forecast(new MigrationEvent.Reforecast(byChainMillis, List.of(
                new MigrationEvent.ActionEta("ImportGroupMsg", 590_000, 590_000, 2_200.0, roundTripMillis, true,
                        268_182, byChainMillis))));
    }

    @Test
    void aSubMillisecondRoundTripIsShownAsMeasuredNotAsOneOrZero() {
        assertThat(line(0.4545, 268_155)).contains("longest timeline 590,000 calls × 0.45 ms = ");
    }

    @Test
    void aRoundTripOfZimsSizeIsShownInWholeMilliseconds() {
        assertThat(line(104.4, 61_596_000)).contains("longest timeline 590,000 calls × 104 ms = ");
    }
}
