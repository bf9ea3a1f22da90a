package io.zimmigrate.files.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.files.support.Json;
import java.util.Locale;

/**
 * One Stream attachment as a ZIM media message (docs/sources.md, "Stream Chat"). The kind comes from the
 * attachment's {@code type} ({@code image}, {@code file}, {@code audio}/{@code voiceRecording}, {@code video}),
 * else from its {@code mime_type}. An image needs its pixel size for ZIM ({@code original_width} and
 * {@code original_height}); without it the image is imported as a file, as the Slack source does.
 */
final class StreamAttachments {
    private StreamAttachments() {}

    static SourceRecord map(RawMessage.Builder base, String id, JsonNode a, String field, Locator at) {
        if (!a.isObject()) {
            return reject(at, id, field, StreamWalker.RULE_FIELD_TYPE, "must be an attachment object");
        }
        String kind = kind(a);
        if (kind == null) {
            return reject(at, id, field + ".type", StreamMessages.RULE_ATTACHMENT_TYPE, Shown.value(Json.text(a, "type"))
                    + " is not an uploaded image, file, audio or video (giphy, commands and custom attachments are not imported)");
        }
        String url = kind.equals("image")
                ? StreamWalker.firstText(a, "image_url", "asset_url")
                : StreamWalker.firstText(a, "asset_url", "image_url");
        if (url == null) {
            return reject(at, id, field + ".asset_url", StreamMessages.RULE_ATTACHMENT_URL,
                    "is required: the " + kind + " has neither asset_url nor image_url");
        }
        ObjectNode media = JsonNodeFactory.instance.objectNode();
        media.put("Uid", id);
        media.put("FileName", fileName(a, url));
        JsonNode size = a.get("file_size");
        if (size != null && size.isIntegralNumber() && size.canConvertToLong() && size.longValue() > 0) {
            media.put("Size", size.longValue());
        }
        long width = a.path("original_width").asLong(0);
        long height = a.path("original_height").asLong(0);
        MessageType type;
        if (kind.equals("image") && width > 0 && height > 0) {
            type = MessageType.IMAGE;
            media.set("Origin", JsonNodeFactory.instance.objectNode().put("Url", url).put("Width", width).put("Height", height));
        } else {
            type = switch (kind) {
                case "audio" -> MessageType.AUDIO;
                case "video" -> MessageType.VIDEO;
                default -> MessageType.FILE;
            };
            media.put("Url", url);
            JsonNode duration = a.get("duration");
            if ((type == MessageType.AUDIO || type == MessageType.VIDEO) && duration != null && duration.isNumber()
                    && duration.doubleValue() > 0) {
                media.put("MediaDuration", Math.round(duration.doubleValue()));
            }
        }
        return new SourceRecord.Readable(at, base.id(id).messageType(type.code()).bodyMessage(media.toString()).build());
    }

    /** image, file, audio or video; null for anything else. */
    private static String kind(JsonNode a) {
        String type = Json.text(a, "type");
        if (type != null) {
            switch (type) {
                case "image", "file", "audio", "video" -> {
                    return type;
                }
                case "voiceRecording" -> {
                    return "audio";
                }
                default -> {
                    return null;
                }
            }
        }
        String mime = Json.text(a, "mime_type");
        if (mime == null || Json.text(a, "asset_url") == null && Json.text(a, "image_url") == null) {
            return null;
        }
        String major = mime.toLowerCase(Locale.ROOT);
        if (major.startsWith("image/")) {
            return "image";
        }
        if (major.startsWith("audio/")) {
            return "audio";
        }
        if (major.startsWith("video/")) {
            return "video";
        }
        return "file";
    }

    /** {@code title} (conventionally the original file name), else the URL's last path segment. */
    private static String fileName(JsonNode a, String url) {
        String title = Json.text(a, "title");
        if (title != null && !title.isBlank()) {
            return title;
        }
        String path = url;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? "file" : last;
    }

    private static SourceRecord reject(Locator at, String id, String field, String rule, String message) {
        return new SourceRecord.Unreadable(at, Rejection.of(at, id, new Violation(field, rule, message)));
    }
}
