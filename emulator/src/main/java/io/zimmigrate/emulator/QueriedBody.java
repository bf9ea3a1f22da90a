package io.zimmigrate.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.wire.ZimJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code MsgBody} as the query APIs return it (QGM/QPM YAML): text and custom messages as sent; media and
 * multi-item messages as URL-encoded JSON in the query's own snake_case fields, which differ from the import's
 * ({@code Url} → {@code download_url}, {@code FileName} → {@code file_name}, {@code Size} → {@code file_size} as a
 * string, image sizes → {@code origin_image_width}…, a video's {@code Thumbnail} → {@code video_first_frame_…}).
 * The encoding writes a space as {@code %20}, so both form-style and plain percent decoding read it back.
 * With {@link MediaReadBack#AS_SENT} every body comes back exactly as it was imported.
 */
final class QueriedBody {
    private QueriedBody() {}

    static String of(int messageType, String message, MediaReadBack form) {
        if (form == MediaReadBack.AS_SENT) {
            return message;
        }
        return switch (messageType) {
            case 11, 12, 13, 14 -> urlEncode(write(media(messageType, read(message))));
            case 10 -> urlEncode(write(multiItem(read(message))));
            default -> message;
        };
    }

    private static ObjectNode media(int type, JsonNode in) {
        ObjectNode out = ZimJson.mapper().createObjectNode();
        text(out, "file_name", in.get("FileName"));
        numberAsText(out, "file_size", in.get("Size"));
        if (type == 11) {
            JsonNode origin = in.path("Origin");
            text(out, "download_url", origin.get("Url"));
            number(out, "origin_image_width", origin.get("Width"));
            number(out, "origin_image_height", origin.get("Height"));
            picture(out, "large_image_download_url", "large_image_width", "large_image_height", in.get("LargeImage"));
            picture(out, "thumbnail_download_url", "thumbnail_width", "thumbnail_height", in.get("Thumbnail"));
        } else {
            text(out, "download_url", in.get("Url"));
        }
        if (type == 13 || type == 14) {
            numberAsText(out, "media_duration", in.get("MediaDuration"));
        }
        if (type == 14) {
            picture(out, "video_first_frame_download_url", "video_first_frame_width", "video_first_frame_height",
                    in.get("Thumbnail"));
        }
        return out;
    }

    private static ObjectNode multiItem(JsonNode in) {
        ObjectNode out = ZimJson.mapper().createObjectNode();
        ArrayNode items = out.putArray("multi_msg");
        for (JsonNode item : in.path("MultiMsg")) {
            int type = item.path("MsgType").asInt();
            String msg = item.path("Msg").asText("");
            ObjectNode o = items.addObject();
            o.put("msg_type", type);
            if (type == 200) {
                o.put("sub_msg_type", item.path("SubMsgType").asInt(0));
            }
            boolean media = type >= 11 && type <= 14;
            o.put("callback_content", media ? write(media(type, read(msg))) : msg);
        }
        return out;
    }

    private static void picture(ObjectNode out, String url, String width, String height, JsonNode picture) {
        if (picture != null && picture.isObject()) {
            text(out, url, picture.get("Url"));
            number(out, width, picture.get("Width"));
            number(out, height, picture.get("Height"));
        }
    }

    private static void text(ObjectNode out, String name, JsonNode v) {
        if (v != null && v.isTextual()) {
            out.put(name, v.asText());
        }
    }

    private static void number(ObjectNode out, String name, JsonNode v) {
        if (v != null && v.isIntegralNumber()) {
            out.put(name, v.asLong());
        }
    }

    private static void numberAsText(ObjectNode out, String name, JsonNode v) {
        if (v != null && v.isIntegralNumber()) {
            out.put(name, Long.toString(v.asLong()));
        }
    }

    /** Stored media bodies passed validation, so they parse; a failure here is the emulator's own bug. */
    private static JsonNode read(String json) {
        try {
            return ZimJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored media body is not JSON", e);
        }
    }

    private static String write(JsonNode node) {
        return node.toString();
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
