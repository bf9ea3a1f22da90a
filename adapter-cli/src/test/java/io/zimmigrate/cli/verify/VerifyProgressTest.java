package io.zimmigrate.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** verify says how far it got every 30 s, with the rate since its first comparison and what is left at that rate. */
class VerifyProgressTest {

    @Test
    void aLineEveryThirtySecondsWithRateAndWhatIsLeft() {
        StringWriter out = new StringWriter();
        long[] now = {1_000_000};
        VerifyProgress progress = new VerifyProgress(new PrintWriter(out), () -> now[0]);

        progress.compared(1, 4_000_001, 0); // the first comparison starts the clock
        now[0] += 29_999;
        progress.compared(500, 4_000_001, 0);
        assertThat(out.toString()).isEmpty();

        now[0] += 1; // 30 s after the first: 600 more at 20 a second
        progress.compared(601, 4_000_001, 3);
        assertThat(out.toString()).isEqualTo(
                "verify: 601/4,000,001 timelines compared, 3 differ, 20.0 timelines/s, ETA 55h 32m 50s\n");

        now[0] += 10_000;
        progress.compared(801, 4_000_001, 3);
        assertThat(out.toString().lines()).hasSize(1);
        now[0] += 20_000;
        progress.compared(1_201, 4_000_001, 3);
        assertThat(out.toString().lines()).hasSize(2);
    }
}
