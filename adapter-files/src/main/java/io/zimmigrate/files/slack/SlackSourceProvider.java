package io.zimmigrate.files.slack;

import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.MessageSourceProvider;
import java.util.Map;

/**
 * {@code --format slack}: a Slack workspace export, the downloaded zip or the folder it unpacks to. Recognised by
 * content: a folder or zip holding channels.json or users.json. No options.
 */
public final class SlackSourceProvider implements MessageSourceProvider {
    public static final String NAME = "slack";

    @Override
    public String formatName() {
        return NAME;
    }

    @Override
    public String description() {
        return "Slack export (zip or unpacked folder): channels and group DMs become groups, DMs one-to-one conversations";
    }

    @Override
    public boolean recognises(String location) {
        return SlackExport.looksLikeOne(location);
    }

    @Override
    public int recognitionPrecedence() {
        return BY_CONTENT;
    }

    @Override
    public MessageSource open(String location, Map<String, String> options) {
        return new SlackSource(location);
    }
}
