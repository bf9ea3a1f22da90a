package io.zimmigrate.files.sendbird;

import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.MessageSourceProvider;
import java.util.Map;

/**
 * {@code --format sendbird}: a Sendbird Platform API data export of messages (JSON), with the channels export when
 * it is there: a JSON file, the downloaded zip, or a folder holding them. Recognised by content: a file whose
 * first record has a {@code message_id}. Options: see {@link SendbirdOptions}.
 */
public final class SendbirdSourceProvider implements MessageSourceProvider {
    public static final String NAME = "sendbird";

    @Override
    public String formatName() {
        return NAME;
    }

    @Override
    public String description() {
        return "Sendbird data export (messages JSON, with the channels export): distinct two-member channels become "
                + "one-to-one conversations, other channels groups";
    }

    @Override
    public boolean recognises(String location) {
        return SendbirdExport.looksLikeOne(location);
    }

    @Override
    public int recognitionPrecedence() {
        return BY_CONTENT;
    }

    @Override
    public MessageSource open(String location, Map<String, String> options) {
        return new SendbirdSource(location, SendbirdOptions.parse(options));
    }
}
