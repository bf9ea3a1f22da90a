package io.zimmigrate.files.support;

import io.zimmigrate.core.port.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening local input files with errors a user can act on. */
public final class TextInput {
    private TextInput() {}

    /** The path of {@code location}, which must be an existing regular file. */
    public static Path existingFile(String location, String what) {
        Path path = Path.of(location);
        if (Files.isDirectory(path)) {
            throw new SourceException(location + " is a directory, not " + what);
        }
        if (!Files.isRegularFile(path)) {
            throw new SourceException("cannot read " + location + ": no such file");
        }
        return path;
    }

    /** Opens {@code path}, explaining a failure in the message. */
    public static InputStream open(Path path, String shownAs) {
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new SourceException("cannot read " + shownAs + ": no such file");
        } catch (IOException e) {
            throw new SourceException("cannot read " + shownAs + ": " + e.getMessage(), e);
        }
    }

    /** A strict UTF-8 reader: malformed bytes raise {@link java.nio.charset.MalformedInputException}, not U+FFFD. */
    public static Reader strictUtf8(InputStream in) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(in, decoder);
    }

    /** Closes without throwing. */
    public static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing to do
            }
        }
    }
}
