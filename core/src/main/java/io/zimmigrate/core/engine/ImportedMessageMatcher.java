package io.zimmigrate.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.wire.ZimJson;
import io.zimmigrate.core.wire.ZimResponses.QueriedMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Decides whether a message read back from ZIM is the one we imported: same sender, same type, same content.
 * Text and custom bodies come back as sent; media bodies come back URL-encoded in ZIM's snake_case query form
 * (zim-api.md §6), so those are compared on the URL and file name they must share.
 */
public final class ImportedMessageMatcher {
    private ImportedMessageMatcher() {}

    public static boolean matches(Message sent, QueriedMessage found) {
        if (!sent.sender().value().equals(found.sender()) || sent.type().code() != found.msgType()) {
            return false;
        }
        if (!sent.type().isMedia()) {
            return sent.body().message().equals(found.msgBody()) || sent.body().message().equals(decode(found.msgBody()));
        }
        try {
            JsonNode mine = ZimJson.mapper().readTree(sent.body().message());
            JsonNode theirs = ZimJson.mapper().readTree(decode(found.msgBody()));
            String url = mine.has("Origin") ? mine.path("Origin").path("Url").asText() : mine.path("Url").asText();
            return mine.path("FileName").asText().equals(theirs.path("file_name").asText())
                    && (url.equals(theirs.path("download_url").asText())
                    || url.equals(theirs.path("origin_image_download_url").asText()));
        } catch (Exception e) {
            return false;
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
