package io.zimmigrate.files.sendbird;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.files.support.Json;
import java.util.Locale;

/**
 * The ZIM media structure of a Sendbird file message (docs/sources.md, "Sendbird"), chosen by the file's MIME
 * {@code type}: {@code image/*} an image, {@code audio/*} an audio, {@code video/*} a video message, anything else a
 * file. The export carries no image size; ZIM needs one for an image, so an image's {@code Origin} takes the size
 * of its largest thumbnail (same aspect ratio as the original), and an image without thumbnails is imported as a
 * file message instead.
 */
final class SendbirdMedia {
    private SendbirdMedia() {}

    /** The message type and the JSON text of its media structure. */
    record Body(MessageType type, String json) {}

    /** {@code file} must have a non-empty {@code url} (checked by the caller). */
    static Body of(String uid, JsonNode file, JsonNode thumbnails) {
        String url = Json.text(file, "url");
        String mime = Json.text(file, "type");
        String kind = mime == null ? "" : mime.toLowerCase(Locale.ROOT);
        ObjectNode media = JsonNodeFactory.instance.objectNode();
        media.put("Uid", uid);
        media.put("FileName", fileName(file, url));
        JsonNode size = file.get("size");
        if (size != null && size.isIntegralNumber() && size.canConvertToLong() && size.longValue() >= 0) {
            media.put("Size", size.longValue());
        }
        ObjectNode largest = thumbnail(thumbnails, true);
        ObjectNode smallest = thumbnail(thumbnails, false);
        MessageType type;
        if (kind.startsWith("image/") && largest != null) {
            type = MessageType.IMAGE;
            media.set("Origin", largest.deepCopy().put("Url", url));
            media.set("Thumbnail", smallest);
        } else {
            type = kind.startsWith("audio/") ? MessageType.AUDIO : kind.startsWith("video/") ? MessageType.VIDEO : MessageType.FILE;
            media.put("Url", url);
            if (type == MessageType.VIDEO && smallest != null) {
                media.set("Thumbnail", smallest); // ZIM's "first frame"
            }
        }
        return new Body(type, media.toString());
    }

    private static String fileName(JsonNode file, String url) {
        String name = Json.text(file, "name");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String path = url.replaceFirst("[?#].*$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? "file" : last;
    }

    /**
     * The largest (or smallest) thumbnail as {@code {Url, Width, Height}}: its {@code real_width}/{@code real_height}
     * (the size Sendbird made), else {@code width}/{@code height} (the size asked for); null when none has a URL and
     * a size.
     */
    private static ObjectNode thumbnail(JsonNode thumbnails, boolean largest) {
        if (thumbnails == null || !thumbnails.isArray()) {
            return null;
        }
        ObjectNode best = null;
        long bestArea = 0;
        for (JsonNode t : thumbnails) {
            String url = Json.text(t, "url");
            long w = dimension(t, "real_width", "width");
            long h = dimension(t, "real_height", "height");
            if (url == null || url.isEmpty() || w <= 0 || h <= 0) {
                continue;
            }
            long area = w * h;
            if (best == null || (largest ? area > bestArea : area < bestArea)) {
                best = JsonNodeFactory.instance.objectNode().put("Url", url).put("Width", w).put("Height", h);
                bestArea = area;
            }
        }
        return best;
    }

    private static long dimension(JsonNode t, String real, String asked) {
        JsonNode v = t.get(real);
        if (v == null || !v.isIntegralNumber() || v.asLong() <= 0) {
            v = t.get(asked);
        }
        return v != null && v.isIntegralNumber() ? Math.min(v.asLong(), Integer.MAX_VALUE) : 0;
    }
}
