package io.zimmigrate.cli.options;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.UserException;
import io.zimmigrate.core.signing.ServerSecret;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the ServerSecret comes from: the file named by {@code --secret-file}, else the environment variable
 * {@value #ENV}. No flag takes the secret itself, because command lines end up in shell history and in
 * {@code ps} output. Errors name the file or the variable, never the content.
 */
public final class SecretOptions {
    public static final String ENV = "ZIM_SERVER_SECRET";

    @Option(names = "--secret-file", paramLabel = "PATH",
            description = "A file holding the ServerSecret (surrounding whitespace is ignored). "
                    + "Without it the secret is read from $" + ENV + ".")
    private Path secretFile;

    /** Whether {@code --secret-file} was given. */
    public boolean hasFile() {
        return secretFile != null;
    }

    /** The secret, or a {@link UserException} saying where it was looked for. */
    public ServerSecret resolve(CliEnvironment environment) {
        if (secretFile != null) {
            return fromFile(secretFile);
        }
        String value = environment.variable(ENV).orElse(null);
        if (value == null || value.isBlank()) {
            throw new UserException("no ServerSecret: set " + ENV + " or give --secret-file PATH");
        }
        return ServerSecret.of(value);
    }

    private static ServerSecret fromFile(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new UserException("secret file " + file + " is a directory");
            }
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new UserException("secret file " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UserException("secret file " + file + ": cannot be read (permission denied)");
        } catch (CharacterCodingException e) {
            throw new UserException("secret file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UserException("secret file " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (text.isBlank()) {
            throw new UserException("secret file " + file + " is empty");
        }
        return ServerSecret.of(text);
    }
}
