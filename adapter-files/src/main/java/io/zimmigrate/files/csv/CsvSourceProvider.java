package io.zimmigrate.files.csv;

import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.MessageSourceProvider;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.TextInput;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --format csv}: a CSV file (RFC 4180) whose header names canonical fields (docs/sources.md). Recognised
 * by the {@code .csv} extension. Option {@code separator}: one character, default {@code ,} (use {@code \t}
 * for tab-separated files).
 */
public final class CsvSourceProvider implements MessageSourceProvider {
    public static final String NAME = "csv";
    public static final String OPTION_SEPARATOR = "separator";

    @Override
    public String formatName() {
        return NAME;
    }

    @Override
    public String description() {
        return "CSV with a header of canonical field names (Id, FromUserId, GroupId or ToUserId, MessageType, MessageBody, ...)";
    }

    @Override
    public boolean recognises(String location) {
        return location.toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    @Override
    public MessageSource open(String location, Map<String, String> options) {
        return new CsvSource(TextInput.existingFile(location, "a CSV file"), location, separator(options));
    }

    private static char separator(Map<String, String> options) {
        String value = options.get(OPTION_SEPARATOR);
        if (value == null) {
            return ',';
        }
        if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (value.length() != 1 || value.charAt(0) == '"' || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
            throw new SourceException("the CSV option separator must be one character other than a quote or line break, not '"
                    + value + "'");
        }
        return value.charAt(0);
    }
}
