package io.zimmigrate.cli.config;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Warns when a secret file can be read by others than its owner: the ServerSecret signs every request. */
public final class SecretFilePermissions {
    private SecretFilePermissions() {}

    /**
     * Warns about the secret file {@code --secret-file} names, or else the one the config file names
     * ({@code configured}): both sign every request alike.
     */
    public static void warnIfShared(String[] args, java.util.Optional<String> configured, PrintWriter err) {
        String file = configured.orElse(null);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--secret-file") && i + 1 < args.length) {
                file = args[i + 1];
            } else if (args[i].startsWith("--secret-file=")) {
                file = args[i].substring("--secret-file=".length());
            }
        }
        if (file != null) {
            warnIfShared(Path.of(file), err);
        }
    }

    static void warnIfShared(Path file, PrintWriter err) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 4096 || Files.readString(file).isBlank()) {
                return; // no secret in it: reading it fails with its own one-line error
            }
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                err.println("warning: the secret file " + file + " can be read by others than its owner; "
                        + "make it owner-only: chmod 600 " + file);
                err.flush();
            }
        } catch (IOException | UnsupportedOperationException e) {
            // missing (reported when it is read) or not a POSIX file system: nothing to say
        }
    }
}
