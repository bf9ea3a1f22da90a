package io.zimmigrate.files.mattermost;

import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.MessageSourceProvider;
import io.zimmigrate.core.port.SourceException;
import java.util.Map;

/**
 * {@code --format mattermost}: Mattermost's bulk-import JSON Lines (a {@code .jsonl} file, or the zip of
 * {@code mmctl export}). Recognised by content: its first line is the {@code version} line. Option
 * {@value #OPTION_ATTACHMENT_BASE_URL}: the URL under which the attachments' {@code path}s were uploaded. Option
 * {@value #OPTION_ATTACHMENTS_IN_EXPORT}{@code =true} (set by the CLI when media is relocated): each attachment
 * keeps a reference to its file inside the export, which the media copier reads and replaces by its new URL.
 */
public final class MattermostSourceProvider implements MessageSourceProvider {
    public static final String NAME = "mattermost";
    public static final String OPTION_ATTACHMENT_BASE_URL = "attachment-base-url";
    public static final String OPTION_ATTACHMENTS_IN_EXPORT = "attachments-in-export";

    @Override
    public String formatName() {
        return NAME;
    }

    @Override
    public String description() {
        return "Mattermost bulk-import JSONL: post to a group, direct_post to one-to-one (two members) or a group (more)";
    }

    @Override
    public boolean recognises(String location) {
        return MattermostFile.startsWithVersion(location);
    }

    @Override
    public int recognitionPrecedence() {
        return BY_CONTENT;
    }

    @Override
    public MessageSource open(String location, Map<String, String> options) {
        String base = options.get(OPTION_ATTACHMENT_BASE_URL);
        if (base != null && !(base.startsWith("https://") || base.startsWith("http://"))) {
            throw new SourceException("the option " + OPTION_ATTACHMENT_BASE_URL + " must be an http(s) URL, not '" + base + "'");
        }
        if (base == null && "true".equalsIgnoreCase(options.get(OPTION_ATTACHMENTS_IN_EXPORT))) {
            MattermostFile.checkReadable(location);
            base = MattermostFile.exportRoot(location);
        }
        return new MattermostSource(location, base);
    }
}
