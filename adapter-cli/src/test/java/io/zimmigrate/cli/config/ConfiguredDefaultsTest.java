package io.zimmigrate.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection given once: ZIM_APP_ID / ZIM_ENDPOINT / ZIM_REGION and a config file, flags winning; the secret
 * never from the config file; a secret file readable by others draws a warning. Against a real emulator.
 */
class ConfiguredDefaultsTest {
    private static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("docs/examples/history.jsonl");
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private ZimEmulator zim;

    @BeforeEach
    void start() {
        zim = ZimEmulator.start(EmulatorConfig.builder().appId(7).secret(ServerSecret.of(SECRET)).build());
    }

    @AfterEach
    void stop() {
        zim.close();
    }

    private Cli.Result verify(Map<String, String> env, String... extra) {
        Map<String, String> all = new HashMap<>(env);
        all.put("ZIM_SERVER_SECRET", SECRET);
        all.put("HOME", dir.toString());
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] {"verify", EXAMPLE.toString(), "--now", "2024-11-20T12:00:00Z", "--qps", "0"}, 0,
                args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        return new Cli().systemClock().env(all).run(args);
    }

    @Test
    void theEnvironmentGivesTheAppIdAndTheEndpoint() {
        Cli.Result r = verify(Map.of("ZIM_APP_ID", "7", "ZIM_ENDPOINT", zim.baseUri().toString()));
        assertThat(r.err()).as(r.toString()).contains("reading 6 timelines back from ZIM at " + zim.baseUri().toString()
                .replaceAll("/$", ""));
        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED); // an empty emulator: every message missing
    }

    @Test
    void aFlagWinsOverTheEnvironment() {
        Cli.Result bad = verify(Map.of("ZIM_APP_ID", "-5", "ZIM_ENDPOINT", zim.baseUri().toString()));
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("not -5");
        Cli.Result good = verify(Map.of("ZIM_APP_ID", "-5", "ZIM_REGION", "sgp"), "--app-id", "7", "--endpoint",
                zim.baseUri().toString());
        assertThat(good.exit()).as(good.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(good.err()).contains("from ZIM at http://127.0.0.1");
    }

    @Test
    void aConfigFileGivesThemToo_theDefaultOneAndOneNamedByConfig() throws Exception {
        Path defaultFile = Files.createDirectories(dir.resolve(".config/zim-migrate")).resolve("config.properties");
        Files.writeString(defaultFile, "app-id=7\nendpoint=" + zim.baseUri() + "\n");
        Cli.Result r = verify(Map.of());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("from ZIM at http://127.0.0.1");

        Path named = dir.resolve("other.properties");
        Files.writeString(named, "app-id=-9\nregion=sgp\n");
        Cli.Result fromNamed = verify(Map.of(), "--config", named.toString());
        assertThat(fromNamed.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromNamed.err()).contains("not -9");
    }

    @Test
    void aConfigFileHoldingTheSecretIsRefused() throws Exception {
        Path named = dir.resolve("bad.properties");
        Files.writeString(named, "secret=" + SECRET + "\n");
        Cli.Result r = verify(Map.of(), "--config", named.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("the secret is read only from ZIM_SERVER_SECRET or a secret file")
                .doesNotContain(SECRET);
    }

    @Test
    void aSecretFileReadableByOthersDrawsAWarning() throws Exception {
        Path shared = dir.resolve("shared-secret");
        Files.writeString(shared, SECRET);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result r = new Cli().run("sign", "--app-id", "1", "--nonce", "4fd24687296dd9f3", "--timestamp", "1",
                "--secret-file", shared.toString());
        assertThat(r.err()).contains("can be read by others than its owner").contains("chmod 600");

        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-------"));
        Cli.Result ownerOnly = new Cli().run("sign", "--app-id", "1", "--nonce", "4fd24687296dd9f3", "--timestamp", "1",
                "--secret-file", shared.toString());
        assertThat(ownerOnly.err()).doesNotContain("warning");
        assertThat(ownerOnly.exit()).isEqualTo(ExitCodes.OK);
    }
}
