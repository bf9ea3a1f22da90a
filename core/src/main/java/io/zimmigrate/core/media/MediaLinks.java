package io.zimmigrate.core.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.model.MessageType;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and rewrites every URL of a media body (zim-api.md §4): an image's {@code Origin}, {@code LargeImage} and
 * {@code Thumbnail}, the {@code Url} of a file, audio or video, a video's first frame ({@code Thumbnail}), and the
 * same inside each media item of a multi-item message. Everything else in the body is kept as it was, field
 * order and numbers included. A body that is not the JSON the type needs is left alone: the rules reject it later
 * with a better message than this class could give.
 */
public final class MediaLinks {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)) // 1.50 stays 1.50: the body changes only in its URLs
            .build();
    private static final List<String> PICTURES = List.of("Origin", "LargeImage", "Thumbnail");

    private MediaLinks() {
    }

    /** Every URL in the body, in body order; empty for a type that holds none. */
    public static List<MediaLink> find(Integer messageType, String body) {
        List<MediaLink> found = new ArrayList<>();
        rewrite(messageType, body, link -> {
            found.add(link);
            return link.source();
        });
        return found;
    }

    /** The body with each URL replaced by what {@code replacement} returns for it (its own source to keep it). */
    public static String rewrite(Integer messageType, String body, Replacement replacement) {
        if (messageType == null || body == null) {
            return body;
        }
        JsonNode root = parse(body);
        if (!(root instanceof ObjectNode object)) {
            return body;
        }
        boolean changed;
        if (messageType == MessageType.MULTI_ITEM.code()) {
            changed = rewriteItems(object, replacement);
        } else if (isMedia(messageType)) {
            changed = rewriteMedia(messageType, object, "", replacement);
        } else {
            return body;
        }
        return changed ? write(object) : body;
    }

    /** The new URL for one link. */
    @FunctionalInterface
    public interface Replacement {
        String replace(MediaLink link);
    }

    static boolean isMedia(int type) {
        return type == MessageType.IMAGE.code() || type == MessageType.FILE.code()
                || type == MessageType.AUDIO.code() || type == MessageType.VIDEO.code();
    }

    private static boolean rewriteItems(ObjectNode body, Replacement replacement) {
        if (!(body.get("MultiMsg") instanceof ArrayNode items)) {
            return false;
        }
        boolean changed = false;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ObjectNode item && item.get("MsgType") != null && item.get("MsgType").canConvertToInt()
                    && isMedia(item.get("MsgType").intValue()) && item.get("Msg") != null && item.get("Msg").isTextual()) {
                String prefix = "MultiMsg[" + i + "].";
                String inner = item.get("Msg").textValue();
                String rewritten = rewriteNested(item.get("MsgType").intValue(), inner, prefix, replacement);
                if (!rewritten.equals(inner)) {
                    item.put("Msg", rewritten);
                    changed = true;
                }
            }
        }
        return changed;
    }

    private static String rewriteNested(int type, String inner, String prefix, Replacement replacement) {
        if (parse(inner) instanceof ObjectNode object && rewriteMedia(type, object, prefix, replacement)) {
            return write(object);
        }
        return inner;
    }

    private static boolean rewriteMedia(int type, ObjectNode media, String prefix, Replacement replacement) {
        String fileName = media.get("FileName") != null && media.get("FileName").isTextual() ? media.get("FileName").textValue() : null;
        boolean changed = false;
        if (type == MessageType.IMAGE.code()) {
            for (String picture : PICTURES) {
                changed |= rewriteUrl(media.get(picture), prefix + picture + ".Url",
                        picture.equals("Origin") ? fileName : null, replacement);
            }
        } else {
            changed |= rewriteUrl(media, prefix + "Url", fileName, replacement);
            if (type == MessageType.VIDEO.code()) {
                changed |= rewriteUrl(media.get("Thumbnail"), prefix + "Thumbnail.Url", null, replacement);
            }
        }
        return changed;
    }

    private static boolean rewriteUrl(JsonNode holder, String field, String fileName, Replacement replacement) {
        if (!(holder instanceof ObjectNode object) || object.get("Url") == null || !object.get("Url").isTextual()
                || object.get("Url").textValue().isEmpty()) {
            return false;
        }
        String source = object.get("Url").textValue();
        String replaced = replacement.replace(new MediaLink(field, source, fileName));
        if (replaced.equals(source)) {
            return false;
        }
        object.put("Url", replaced);
        return true;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that was just read could not be written", e);
        }
    }
}
