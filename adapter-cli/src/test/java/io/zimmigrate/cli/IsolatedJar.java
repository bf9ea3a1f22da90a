package io.zimmigrate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real jar as an operator's separate process, with a home of its own: {@code HOME}, {@code XDG_CONFIG_HOME}
 * and {@code XDG_STATE_HOME} under the test's directory and no {@code ZIM_*} variable inherited from the machine
 * running the build (its config file or a stray {@code ZIM_APP_ID} must not change what a test sees).
 */
final class IsolatedJar {
    private final Path home;

    IsolatedJar(Path home) throws IOException {
        this.home = Files.createDirectories(home);
    }

    Path home() {
        return home;
    }

    /** The default config file this process reads ($XDG_CONFIG_HOME/zim-migrate/config.properties). */
    Path defaultConfigFile() {
        return home.resolve("config/zim-migrate/config.properties");
    }

    /** The default journal root ($XDG_STATE_HOME/zim-migrate). */
    Path defaultJournalRoot() {
        return home.resolve("state/zim-migrate");
    }

    Map<String, String> environment(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString(), "XDG_STATE_HOME", home.resolve("state").toString()));
        env.putAll(more);
        return env;
    }

    /** Runs {@code args} to its end (a minute at most) with only {@code env} added to the isolated environment. */
    ZimMigrateJarIT.Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return ZimMigrateJarIT.run(environment(env), JarRun.command(args), List.of("ZIM_APP_ID", "ZIM_ENDPOINT",
                "ZIM_REGION", "ZIM_MIGRATE_PLUGINS"));
    }

    /** Starts {@code args}; stdout and stderr go to {@code log}. */
    Process start(Map<String, String> env, Path log, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(JarRun.command(args)).directory(ZimMigrateJarIT.ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        List.of("ZIM_SERVER_SECRET", "ZIM_APP_ID", "ZIM_ENDPOINT", "ZIM_REGION", "ZIM_MIGRATE_PLUGINS")
                .forEach(pb.environment()::remove);
        pb.environment().putAll(environment(env));
        return pb.start();
    }
}
