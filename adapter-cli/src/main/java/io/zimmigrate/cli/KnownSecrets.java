package io.zimmigrate.cli;

import io.zimmigrate.cli.options.SecretOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ServerSecrets this invocation was given ({@code $ZIM_SERVER_SECRET}, and the content of every
 * {@code --secret-file}), so that an error message can be cleaned of them before it is printed. Error messages
 * quote arguments ("'…' is not a long", "cannot tell the format of …"), and a secret pasted into the wrong place
 * on a command line would otherwise be copied on from the shell into logs and CI output.
 */
final class KnownSecrets {
    static final String HIDDEN = "<the ServerSecret, hidden>";
    /** Shorter values are not taken for secrets: hiding every "a" would garble messages and hide nothing real. */
    private static final int MIN_LENGTH = 8;
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private final List<String> secrets;

    private KnownSecrets(List<String> secrets) {
        this.secrets = secrets;
    }

    static KnownSecrets of(CliEnvironment environment, String[] args) {
        List<String> found = new ArrayList<>();
        environment.variable(SecretOptions.ENV).ifPresent(v -> add(found, v));
        for (int i = 0; args != null && i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--secret-file") && i + 1 < args.length) {
                readInto(found, args[i + 1]);
            } else if (arg.startsWith("--secret-file=")) {
                readInto(found, arg.substring("--secret-file=".length()));
            }
        }
        return new KnownSecrets(List.copyOf(found));
    }

    /** {@code text} with every known secret replaced by {@value #HIDDEN}. */
    String redact(String text) {
        String out = text;
        for (String secret : secrets) {
            if (out != null && out.contains(secret)) {
                out = out.replace(secret, HIDDEN);
            }
        }
        return out;
    }

    private static void readInto(List<String> found, String file) {
        try {
            Path path = Path.of(file);
            if (Files.isRegularFile(path) && Files.size(path) <= MAX_FILE_BYTES) {
                add(found, new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException unreadable) {
            // the command reports an unreadable secret file itself; here it only means nothing to hide
        }
    }

    private static void add(List<String> found, String value) {
        String secret = value.strip();
        if (secret.length() >= MIN_LENGTH) {
            found.add(secret);
        }
    }
}
