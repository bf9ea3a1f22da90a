package io.zimmigrate.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.core.gateway.Patience;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --give-up-after}: how long a run bears a silent ZIM or a wrong clock before it stops resumably. */
class GiveUpOptionTest {

    @Test
    void withoutTheOptionTheGatewaysDefaultsHold() {
        assertThat(new ConnectionOptions().patience()).isEqualTo(Patience.defaults());
    }

    @Test
    void theOptionSetsBothLimits() {
        ConnectionOptions options = new ConnectionOptions();
        options.giveUpAfterSeconds = 90;
        assertThat(options.patience()).isEqualTo(new Patience(Duration.ofSeconds(90), Duration.ofSeconds(90)));
    }

    @Test
    void lessThanASecondIsAUsageErrorNamingTheOption() {
        Cli.Result r = new Cli().env(Map.of("ZIM_SERVER_SECRET", "0123456789abcdef0123456789abcdef"))
                .run("run", "../docs/examples/history.jsonl", "--endpoint", "http://127.0.0.1:9", "--app-id", "1",
                        "--give-up-after", "0");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--give-up-after must be at least 1 second");
        assertThat(r.all()).doesNotContain("0123456789abcdef0123456789abcdef");
    }
}
