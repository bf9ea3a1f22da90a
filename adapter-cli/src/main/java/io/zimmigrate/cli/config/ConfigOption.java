package io.zimmigrate.cli.config;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --config FILE}, on every command. Picocli asks for default values before it parses the options, so the
 * file is found by {@link #value} in the raw arguments first; this option only makes picocli accept it.
 */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Defaults for --app-id, --endpoint/--region and --secret-file (keys app-id, endpoint, region, "
                    + "secret-file). Default: ~/.config/zim-migrate/config.properties if it exists. Flags and the "
                    + "variables ZIM_APP_ID, ZIM_ENDPOINT, ZIM_REGION win over it.")
    private String config;

    static Optional<String> value(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Optional.of(args[i].substring("--config=".length()));
            }
            if (args[i].equals("--")) {
                break;
            }
        }
        return Optional.empty();
    }

    static boolean anyGiven(String[] args, List<String> names) {
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            for (String n : names) {
                if (a.equals(n) || a.startsWith(n + "=")) {
                    return true;
                }
            }
        }
        return false;
    }
}
