package io.zimmigrate.cli.config;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.UserException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The connection given once: {@code --app-id}, {@code --endpoint}/{@code --region} and {@code --secret-file}
 * default to the environment ({@code ZIM_APP_ID}, {@code ZIM_ENDPOINT}, {@code ZIM_REGION}), then to a config
 * file ({@code --config FILE}, else {@code $XDG_CONFIG_HOME/zim-migrate/config.properties}, else
 * {@code ~/.config/zim-migrate/config.properties}, keys {@code app-id}, {@code endpoint}, {@code region},
 * {@code secret-file}). A flag always wins. Where ZIM is (endpoint or region) comes whole from one place: a flag
 * for either overrides both, and the environment's choice overrides the file's, so they never conflict.
 * The secret itself is never read from here: it stays in {@code ZIM_SERVER_SECRET} or a secret file.
 */
public final class ConfiguredDefaults implements CommandLine.IDefaultValueProvider {
    static final Map<String, String> VARIABLES = Map.of("--app-id", "ZIM_APP_ID", "--endpoint", "ZIM_ENDPOINT",
            "--region", "ZIM_REGION");
    private static final List<String> WHERE = List.of("--endpoint", "--region");

    private final CliEnvironment env;
    private final Properties file;
    private final boolean whereGiven;
    private final boolean whereInEnvironment;

    private ConfiguredDefaults(CliEnvironment env, Properties file, boolean whereGiven) {
        this.env = env;
        this.file = file;
        this.whereGiven = whereGiven;
        this.whereInEnvironment = WHERE.stream().anyMatch(o -> env.variable(VARIABLES.get(o)).filter(v -> !v.isBlank()).isPresent());
    }

    /** Installs the defaults for {@code args} on {@code cmd}; a --config FILE that cannot be read is the user's to fix. */
    public static void install(CommandLine cmd, CliEnvironment env, String[] args) {
        Optional<String> given = ConfigOption.value(args);
        Path path = given.map(Path::of).orElseGet(() -> defaultFile(env));
        Properties properties = new Properties();
        if (path != null && (given.isPresent() || Files.isRegularFile(path))) {
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UserException("cannot read the config file " + path + ": " + e.getMessage());
            }
            for (String secretKey : List.of("secret", "server-secret", "ZIM_SERVER_SECRET")) {
                if (properties.containsKey(secretKey)) {
                    throw new UserException("the config file " + path + " holds '" + secretKey + "': the secret is read "
                            + "only from ZIM_SERVER_SECRET or a secret file (secret-file=PATH); remove it from " + path);
                }
            }
        }
        boolean whereGiven = ConfigOption.anyGiven(args, WHERE);
        cmd.setDefaultValueProvider(new ConfiguredDefaults(env, properties, whereGiven));
    }

    /** The {@code secret-file} the config file names, if any (a flag's wins; see {@link SecretFilePermissions}). */
    public Optional<String> secretFile() {
        return Optional.ofNullable(file.getProperty("secret-file")).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Path defaultFile(CliEnvironment env) {
        return env.variable("XDG_CONFIG_HOME").filter(v -> !v.isBlank())
                .map(x -> Path.of(x, "zim-migrate", "config.properties"))
                .or(() -> env.variable("HOME").filter(v -> !v.isBlank())
                        .map(h -> Path.of(h, ".config", "zim-migrate", "config.properties")))
                .orElse(null);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
            return null;
        }
        String name = option.longestName();
        boolean where = WHERE.contains(name);
        if (where && whereGiven) {
            return null;
        }
        String variable = VARIABLES.get(name);
        if (variable != null) {
            Optional<String> fromEnv = env.variable(variable).filter(v -> !v.isBlank());
            if (fromEnv.isPresent() || (where && whereInEnvironment)) {
                return fromEnv.orElse(null);
            }
        }
        if (variable != null || name.equals("--secret-file")) {
            String value = file.getProperty(name.substring(2));
            return value == null || value.isBlank() ? null : value.strip();
        }
        return null;
    }
}
