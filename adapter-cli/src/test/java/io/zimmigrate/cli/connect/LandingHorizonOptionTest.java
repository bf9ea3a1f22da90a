package io.zimmigrate.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.core.engine.Migration;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code run --landing-horizon}: how long after an import left ZIM may still apply it (decisions.md, "Late landings"). */
class LandingHorizonOptionTest {
    private static final Map<String, String> ENV = Map.of("ZIM_SERVER_SECRET", "0123456789abcdef0123456789abcdef");

    @Test
    void byDefaultItIsTheWholeRequestDeadlinePlusTenSecondsAsTheEnginesDefault() {
        ConnectionOptions connection = new ConnectionOptions();
        connection.connectTimeoutSeconds = 5;
        connection.readTimeoutSeconds = 15;
        LandingHorizonOption option = new LandingHorizonOption();
        assertThat(option.horizon(connection)).isEqualTo(Duration.ofSeconds(30))
                .isEqualTo(Duration.ofMillis(Migration.DEFAULT_LANDING_HORIZON_MILLIS));
        connection.readTimeoutSeconds = 60;
        assertThat(option.horizon(connection)).as("follows --read-timeout").isEqualTo(Duration.ofSeconds(75));
    }

    @Test
    void theOptionSetsIt() {
        LandingHorizonOption option = new LandingHorizonOption();
        option.seconds = 120;
        assertThat(option.horizon(new ConnectionOptions())).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void lessThanTheRequestDeadlineIsAUsageError() {
        Cli.Result r = new Cli().env(ENV).run("run", "../docs/examples/history.jsonl", "--endpoint",
                "http://127.0.0.1:9", "--app-id", "1", "--read-timeout", "10", "--landing-horizon", "12");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--landing-horizon must be at least --connect-timeout + --read-timeout (15 s)");
    }

    @Test
    void onlyRunHasIt() {
        Cli.Result r = new Cli().env(ENV).run("verify", "../docs/examples/history.jsonl", "--endpoint",
                "http://127.0.0.1:9", "--app-id", "1", "--landing-horizon", "40");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--landing-horizon");
    }
}
