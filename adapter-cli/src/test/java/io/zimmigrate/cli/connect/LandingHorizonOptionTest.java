package io.zimmigrate.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.core.engine.Migration;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --landing-horizon}: how long after an import left ZIM may still apply it (docs/decisions.md, "Late landings"). */
class LandingHorizonOptionTest {

    @Test
    void byDefaultItIsTheWholeRequestDeadlinePlusTenSecondsAsTheEnginesDefault() {
        ConnectionOptions options = new ConnectionOptions();
        options.connectTimeoutSeconds = 5;
        options.readTimeoutSeconds = 15;
        assertThat(options.landingHorizon()).isEqualTo(Duration.ofSeconds(30))
                .isEqualTo(Duration.ofMillis(Migration.DEFAULT_LANDING_HORIZON_MILLIS));
        options.readTimeoutSeconds = 60;
        assertThat(options.landingHorizon()).as("follows --read-timeout").isEqualTo(Duration.ofSeconds(75));
    }

    @Test
    void theOptionSetsIt() {
        ConnectionOptions options = new ConnectionOptions();
        options.landingHorizonSeconds = 120;
        assertThat(options.landingHorizon()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void lessThanTheRequestDeadlineIsAUsageError() {
        Cli.Result r = new Cli().env(Map.of("ZIM_SERVER_SECRET", "0123456789abcdef0123456789abcdef"))
                .run("run", "../docs/examples/history.jsonl", "--endpoint", "http://127.0.0.1:9", "--app-id", "1",
                        "--read-timeout", "10", "--landing-horizon", "12");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--landing-horizon must be at least --connect-timeout + --read-timeout (15 s)");
    }
}
