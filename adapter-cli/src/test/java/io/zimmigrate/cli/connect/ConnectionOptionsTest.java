package io.zimmigrate.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What counts as "on this machine", where sending uncapped ({@code --qps 0}) is allowed. */
class ConnectionOptionsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "none, none, true",
            "http://127.0.0.1:8080, none, true",
            "http://127.8.9.10:8080/, none, true",
            "http://localhost:8080, none, true",
            "http://[::1]:8080, none, true",
            "https://zim-api.zego.im, none, false",
            "http://10.0.0.1:8080, none, false",
            "http://localhost.example.com:8080, none, false",
            "http://127.0.0.1.nip.io:8080, none, false",
            "not a url, none, false",
            "none, fra, false"})
    void onlyARehearsalOrALoopbackEndpointIsLocal(String endpoint, String region, boolean local) {
        ConnectionOptions options = new ConnectionOptions();
        options.endpoint = endpoint;
        options.region = region;
        assertThat(options.local()).isEqualTo(local);
    }

    @ParameterizedTest
    @CsvSource({"--region, fra", "--endpoint, https://zim-api.zego.im"})
    void runRefusesUncappedAgainstZim(String flag, String value) {
        Cli.Result r = new Cli().env(java.util.Map.of("ZIM_SERVER_SECRET", "0123456789abcdef0123456789abcdef"))
                .run("run", "../docs/examples/history.jsonl", flag, value, "--app-id", "1", "--qps", "0");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--qps 0 (uncapped) is only for an emulator");
    }
}
