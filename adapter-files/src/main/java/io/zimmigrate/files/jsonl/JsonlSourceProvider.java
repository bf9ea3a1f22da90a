package io.zimmigrate.files.jsonl;

import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.MessageSourceProvider;
import io.zimmigrate.core.port.SourceException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Makes {@link JsonlSource}s for {@code --format jsonl}, and recognises {@code *.jsonl} and {@code *.ndjson}
 * files when no format is given. Option {@code max-line-bytes} changes the line cap.
 */
public final class JsonlSourceProvider implements MessageSourceProvider {
    public static final String FORMAT = "jsonl";
    public static final String OPTION_MAX_LINE_BYTES = "max-line-bytes";

    @Override
    public String formatName() {
        return FORMAT;
    }

    @Override
    public String description() {
        return "canonical JSON Lines, one message per line (docs/input-format.md)";
    }

    @Override
    public boolean recognises(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jsonl") || lower.endsWith(".ndjson");
    }

    @Override
    public MessageSource open(String location, Map<String, String> options) {
        int maxLine = JsonlSource.DEFAULT_MAX_LINE_BYTES;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!option.getKey().equals(OPTION_MAX_LINE_BYTES)) {
                throw new SourceException("the jsonl format has no option '" + option.getKey() + "'; it knows "
                        + OPTION_MAX_LINE_BYTES);
            }
            maxLine = positive(option.getValue());
        }
        Path path;
        try {
            path = Path.of(location);
        } catch (InvalidPathException e) {
            throw new SourceException(location + ": not a valid file name: " + e.getReason());
        }
        // Fail now, before any work starts, rather than at the first pass.
        if (!Files.exists(path)) {
            throw new SourceException(location + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new SourceException(location + ": is a directory, not a file");
        }
        if (!Files.isReadable(path)) {
            throw new SourceException(location + ": cannot be read (permission denied)");
        }
        return new JsonlSource(path, location, maxLine);
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SourceException(OPTION_MAX_LINE_BYTES + " must be a positive whole number of bytes, not '" + value + "'");
    }
}
