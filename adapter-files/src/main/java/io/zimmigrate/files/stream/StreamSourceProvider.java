package io.zimmigrate.files.stream;

import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.MessageSourceProvider;
import java.util.Map;

/**
 * {@code --format stream}: a Stream Chat channel export ({@code export_channels}), v1 (one JSON document) or v2
 * (line-separated JSON). Recognised by content: a {@code cid} inside a channel, message or member near the start
 * of the file. No options.
 */
public final class StreamSourceProvider implements MessageSourceProvider {
    public static final String NAME = "stream";

    @Override
    public String formatName() {
        return NAME;
    }

    @Override
    public String description() {
        return "Stream Chat export_channels (v1 JSON or v2 line-separated JSON): two-member messaging channels "
                + "become one-to-one, other channels groups";
    }

    @Override
    public boolean recognises(String location) {
        return StreamExportFile.looksLikeOne(location);
    }

    @Override
    public int recognitionPrecedence() {
        return BY_CONTENT;
    }

    @Override
    public MessageSource open(String location, Map<String, String> options) {
        return new StreamSource(location);
    }
}
