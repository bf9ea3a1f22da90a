package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.config.PluginsTest;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, "Configuring once", through the real jar as separate processes with a home of their own: the
 * connection from the environment, from the default config file and from {@code --config FILE}, flags winning over
 * both; a config file holding the secret refused; a secret file others can read warned about; source options
 * from the command line; a source format from a plugin jar, by flag and by variable.
 */
class ConfigureOnceJarIT {
    private static final String SECRET = "configure-once-secret-0a1b2c3d4e5f";
    private static final Path EXAMPLE = ZimMigrateJarIT.ROOT.resolve("docs/examples/history.jsonl");
    private static final String EXAMPLE_NOW = "2024-11-20T00:00:00Z";

    @TempDir
    Path dir;

    /** Each import goes to a fresh emulator: the same history imported twice into one would be refused. */
    private void importsWith(IsolatedJar jar, Map<String, String> env, String name, String... flags) throws Exception {
        importsWith(jar, env, Map.of(), name, flags);
    }

    /**
     * Imports a small history named {@code name} with {@code flags} and {@code env}, after writing {@code files};
     * EMULATOR in any of them stands for the emulator's address.
     */
    private void importsWith(IsolatedJar jar, Map<String, String> env, Map<Path, String> files, String name,
            String... flags) throws Exception {
        Path input = dir.resolve(name + ".jsonl");
        Map<String, List<String>> expected = TextHistory.write(input, 12, name.hashCode(), 3, false);
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).seed(1).build())) {
            for (Map.Entry<Path, String> f : files.entrySet()) {
                Files.writeString(f.getKey(), f.getValue().replace("EMULATOR", zim.baseUri().toString()));
            }
            String[] args = new String[flags.length + 6];
            System.arraycopy(new String[] {"run", input.toString(), "--qps", "0", "--progress", "lines"}, 0, args, 0, 6);
            for (int i = 0; i < flags.length; i++) {
                args[6 + i] = flags[i].replace("EMULATOR", zim.baseUri().toString());
            }
            ZimMigrateJarIT.Run r = jar.run(env.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> e.getValue().replace("EMULATOR", zim.baseUri().toString()))), args);
            assertThat(r.exit()).as("%s: %s", name, r).isZero();
            assertThat(r.out() + r.err()).as(name).doesNotContain(SECRET).doesNotContain("rehearsal");
            LandedTimelines.assertExactly(zim, expected);
        }
    }

    @Test
    void theConnectionComesFromTheEnvironmentOrAConfigFileAndAFlagWins() throws Exception {
        IsolatedJar jar = new IsolatedJar(dir.resolve("home"));
        importsWith(jar, Map.of("ZIM_APP_ID", "7", "ZIM_ENDPOINT", "EMULATOR", "ZIM_SERVER_SECRET", SECRET), "from-env");

        // The default config file, its secret file readable by everyone: imported, with a warning.
        Path secretFile = Files.writeString(dir.resolve("zim.secret"), SECRET + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(jar.defaultConfigFile().getParent());
        Path input = dir.resolve("from-file.jsonl");
        TextHistory.write(input, 12, 5, 3, false);
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).seed(1).build())) {
            Files.writeString(jar.defaultConfigFile(), "app-id=7\nendpoint=" + zim.baseUri() + "\nsecret-file="
                    + secretFile + "\n");
            ZimMigrateJarIT.Run r = jar.run(Map.of(), "run", input.toString(), "--qps", "0", "--progress", "lines");
            assertThat(r.exit()).as("%s", r).isZero();
            assertThat(r.err()).contains("warning: the secret file " + secretFile + " can be read by others than its owner");
            assertThat(r.out() + r.err()).doesNotContain(SECRET);
            assertThat(LandedTimelines.count(zim)).isPositive();
        }
        Files.delete(jar.defaultConfigFile());

        // Flags win over a --config FILE and the environment that both name another app and a dead endpoint.
        Path config = Files.writeString(dir.resolve("other.properties"), "app-id=9\nendpoint=http://127.0.0.1:9\n");
        importsWith(jar, Map.of("ZIM_APP_ID", "8", "ZIM_ENDPOINT", "http://127.0.0.1:9", "ZIM_SERVER_SECRET", SECRET),
                "flags-win", "--config", config.toString(), "--app-id", "7", "--endpoint", "EMULATOR");
        // --config FILE alone gives the app and where ZIM is.
        importsWith(jar, Map.of("ZIM_SERVER_SECRET", SECRET), Map.of(config, "app-id=7\nendpoint=EMULATOR\n"),
                "by-config-file", "--config", config.toString());
    }

    @Test
    void aConfigFileHoldingTheSecretIsRefusedInOneLine() throws Exception {
        IsolatedJar jar = new IsolatedJar(dir.resolve("home"));
        Path config = Files.writeString(dir.resolve("config.properties"), "app-id=7\nsecret=" + SECRET + "\n");
        ZimMigrateJarIT.Run r = jar.run(Map.of(), "--config", config.toString(), "plan", EXAMPLE.toString());
        assertThat(r.exit()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("holds 'secret'").doesNotContain(SECRET);
    }

    @Test
    void sourceOptionsAndPluginFormatsReachTheJar() throws Exception {
        IsolatedJar jar = new IsolatedJar(dir.resolve("home"));
        Path csv = Files.writeString(dir.resolve("semicolons.csv"), "Id;GroupId;FromUserId;MessageType;MessageBody;"
                + "SendMessageTime\nc-1;g-1;u-1;1;hello, world;1732000000000\nc-2;g-1;u-2;1;hi;1732000001000\n");
        ZimMigrateJarIT.Run commas = jar.run(Map.of(), "validate", csv.toString(), "--now", EXAMPLE_NOW);
        assertThat(commas.exit()).as("read with the default separator, nothing fits: %s", commas).isNotZero();
        ZimMigrateJarIT.Run semicolons = jar.run(Map.of(), "validate", csv.toString(), "--now", EXAMPLE_NOW,
                "--source-option", "separator=;");
        assertThat(semicolons.exit()).as("%s", semicolons).isZero();
        assertThat(semicolons.out()).contains("2 valid, 0 rejected");

        Path plugins = PluginsTest.pluginDir(dir.resolve("plugin"));
        List<String> args = List.of("validate", EXAMPLE.toString(), "--now", EXAMPLE_NOW, "--format", "plugged");
        ZimMigrateJarIT.Run without = jar.run(Map.of(), args.toArray(String[]::new));
        assertThat(without.exit()).as("%s", without).isEqualTo(ExitCodes.USAGE);
        assertThat(without.err()).contains("unknown input format 'plugged'");
        ZimMigrateJarIT.Run byFlag = jar.run(Map.of(), concat(args, "--plugins", plugins.toString()));
        assertThat(byFlag.exit()).as("%s", byFlag).isZero();
        assertThat(byFlag.out()).contains("9 valid, 0 rejected");
        ZimMigrateJarIT.Run byVariable = jar.run(Map.of("ZIM_MIGRATE_PLUGINS", plugins.toString()), args.toArray(String[]::new));
        assertThat(byVariable.exit()).as("%s", byVariable).isZero();
        assertThat(byVariable.out()).contains("9 valid, 0 rejected");
    }

    private static String[] concat(List<String> args, String... more) {
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
    }
}
