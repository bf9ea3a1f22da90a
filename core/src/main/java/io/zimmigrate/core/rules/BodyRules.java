package io.zimmigrate.core.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.zimmigrate.core.model.BodyContent;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.wire.ZimJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ZIM's rules for {@code MessageBody} per message type (zim-api.md §4): sizes in UTF-8 bytes, and for media and
 * multi-item messages the JSON structure inside {@code Message}. Reports every violation, and on success the
 * typed content.
 */
public final class BodyRules {
    public static final String RULE_REQUIRED = "body.required";
    public static final String RULE_SIZE = "body.size";
    public static final String RULE_EXTENDED_SIZE = "body.extended-size";
    public static final String RULE_JSON = "body.json";
    public static final String RULE_FIELD_REQUIRED = "body.field-required";
    public static final String RULE_FIELD_TYPE = "body.field-type";
    public static final String RULE_URL_SIZE = "body.url-size";
    public static final String RULE_FILE_NAME_SIZE = "body.file-name-size";
    public static final String RULE_PICTURE_SIZE = "body.picture-size";
    public static final String RULE_MULTI_ITEMS = "body.multi-items";
    public static final String RULE_MULTI_ITEM_TYPE = "body.multi-item-type";

    private static final Set<Integer> MULTI_ITEM_TYPES = Set.of(1, 11, 12, 13, 14, 200);
    private static final String MESSAGE = "MessageBody.Message";

    /**
     * ZIM's mapper, but refusing "{...} junk": the whole Message text must be the one structure. Built on first use,
     * so validating text messages never loads the JSON tree machinery.
     */
    private static final class Strict {
        static final ObjectReader READER = ZimJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private final RuleSet rules;

    public BodyRules(RuleSet rules) {
        this.rules = rules;
    }

    /** Adds every violation of {@code body} to {@code found}; returns the typed content when there was none. */
    public BodyContent check(MessageType type, MessageBody body, List<Violation> found) {
        int before = found.size();
        String text = body.message();
        if (text.isEmpty()) {
            found.add(new Violation(MESSAGE, RULE_REQUIRED, "is required and must not be empty"));
            return null;
        }
        int limit = type == MessageType.MULTI_ITEM ? rules.maxMultiItemBytes() : rules.maxMessageBytes();
        int bytes = Utf8.length(text);
        if (bytes > limit) {
            found.add(new Violation(MESSAGE, RULE_SIZE, "is " + bytes + " bytes; the limit for this type is " + limit
                    + " UTF-8 bytes (ZEGO can raise it to " + Limits.MESSAGE_MAX + "; see --max-message-bytes)"));
        }
        if (body.extendedData() != null) {
            int ext = Utf8.length(body.extendedData());
            if (ext > Limits.EXTENDED_DATA) {
                found.add(new Violation("MessageBody.ExtendedData", RULE_EXTENDED_SIZE,
                        "is " + ext + " bytes; at most " + Limits.EXTENDED_DATA + " UTF-8 bytes are allowed"));
            }
        }
        BodyContent content = switch (type) {
            case TEXT -> new BodyContent.Text(text);
            case CUSTOM -> new BodyContent.Custom(text);
            case IMAGE, FILE, AUDIO, VIDEO -> media(type, text, found);
            case MULTI_ITEM -> multiItem(text, found);
            default -> null; // other types are refused by MessageRules before bodies are looked at
        };
        return found.size() == before ? content : null;
    }

    private BodyContent.Media media(MessageType type, String text, List<Violation> found) {
        JsonNode node = parseObject(text, found);
        if (node == null) {
            return null;
        }
        Fields f = new Fields(MESSAGE, node, found);
        String uid = f.requiredText("Uid");
        String fileName = f.requiredText("FileName");
        f.maxBytes("FileName", fileName, Limits.FILE_NAME, RULE_FILE_NAME_SIZE);
        Long size = f.optionalLong("Size");
        Long duration = (type == MessageType.AUDIO || type == MessageType.VIDEO) ? f.optionalLong("MediaDuration") : null;
        String url = null;
        BodyContent.Picture origin = null;
        BodyContent.Picture large = null;
        BodyContent.Picture thumbnail = null;
        if (type == MessageType.IMAGE) {
            origin = f.picture("Origin", true);
            large = f.picture("LargeImage", false);
            thumbnail = f.picture("Thumbnail", false);
        } else {
            url = f.requiredText("Url");
            f.maxBytes("Url", url, Limits.URL, RULE_URL_SIZE);
            if (type == MessageType.VIDEO) {
                thumbnail = f.picture("Thumbnail", false);
            }
        }
        return new BodyContent.Media(type, uid, url, fileName, size, duration, origin, large, thumbnail);
    }

    private BodyContent.MultiItem multiItem(String text, List<Violation> found) {
        JsonNode node = parseObject(text, found);
        if (node == null) {
            return null;
        }
        JsonNode list = node.get("MultiMsg");
        if (list == null || !list.isArray()) {
            found.add(new Violation(MESSAGE + ".MultiMsg", RULE_FIELD_REQUIRED, "must be a list of items"));
            return null;
        }
        if (list.size() == 0 || list.size() > Limits.MULTI_ITEMS) {
            found.add(new Violation(MESSAGE + ".MultiMsg", RULE_MULTI_ITEMS,
                    "has " + list.size() + " items; 1 to " + Limits.MULTI_ITEMS + " are allowed"));
        }
        List<BodyContent.Item> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = MESSAGE + ".MultiMsg[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                found.add(new Violation(field, RULE_FIELD_TYPE, "must be an object"));
                continue;
            }
            Fields f = new Fields(field, item, found);
            Long msgType = f.requiredLong("MsgType");
            if (msgType != null && !MULTI_ITEM_TYPES.contains(msgType.intValue())) {
                found.add(new Violation(field + ".MsgType", RULE_MULTI_ITEM_TYPE,
                        msgType + " cannot be an item; allowed are 1, 11, 12, 13, 14 and 200"));
            }
            Long sub = f.optionalLong("SubMsgType");
            String msg = f.requiredText("Msg");
            String searched = f.optionalText("SearchedContent");
            if (msgType != null && msg != null) {
                items.add(new BodyContent.Item(msgType.intValue(), sub == null ? null : sub.intValue(), msg, searched));
            }
        }
        return new BodyContent.MultiItem(items);
    }

    private static JsonNode parseObject(String text, List<Violation> found) {
        try {
            JsonNode node = Strict.READER.readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            found.add(new Violation(MESSAGE, RULE_JSON, "must be the JSON text of the media structure, but is not JSON: "
                    + Shown.value(text)));
            return null;
        }
        found.add(new Violation(MESSAGE, RULE_JSON, "must be the JSON text of an object, not " + Shown.value(text)));
        return null;
    }

    /** Reads fields of one JSON object, adding a violation for each one that is missing or mistyped. */
    private static final class Fields {
        private final String prefix;
        private final JsonNode node;
        private final List<Violation> found;

        Fields(String prefix, JsonNode node, List<Violation> found) {
            this.prefix = prefix;
            this.node = node;
            this.found = found;
        }

        String requiredText(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty()) {
                found.add(new Violation(prefix + "." + name, RULE_FIELD_REQUIRED, "is required"));
                return null;
            }
            if (!v.isTextual()) {
                found.add(new Violation(prefix + "." + name, RULE_FIELD_TYPE, "must be a string, not " + v.getNodeType()));
                return null;
            }
            return v.asText();
        }

        String optionalText(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                found.add(new Violation(prefix + "." + name, RULE_FIELD_TYPE, "must be a string, not " + v.getNodeType()));
                return null;
            }
            return v.asText();
        }

        Long requiredLong(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                found.add(new Violation(prefix + "." + name, RULE_FIELD_REQUIRED, "is required"));
                return null;
            }
            return asLong(name, v);
        }

        Long optionalLong(String name) {
            JsonNode v = node.get(name);
            return v == null || v.isNull() ? null : asLong(name, v);
        }

        private Long asLong(String name, JsonNode v) {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                found.add(new Violation(prefix + "." + name, RULE_FIELD_TYPE,
                        "must be a whole number of at least 0, not " + Shown.value(v.toString())));
                return null;
            }
            return v.asLong();
        }

        void maxBytes(String name, String value, int max, String rule) {
            if (value != null) {
                int bytes = Utf8.length(value);
                if (bytes > max) {
                    found.add(new Violation(prefix + "." + name, rule,
                            Shown.value(value) + " is " + bytes + " bytes; at most " + max + " UTF-8 bytes are allowed"));
                }
            }
        }

        BodyContent.Picture picture(String name, boolean required) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    found.add(new Violation(prefix + "." + name, RULE_FIELD_REQUIRED, "is required"));
                }
                return null;
            }
            if (!v.isObject()) {
                found.add(new Violation(prefix + "." + name, RULE_FIELD_TYPE, "must be an object with Url, Width and Height"));
                return null;
            }
            Fields p = new Fields(prefix + "." + name, v, found);
            String url = p.requiredText("Url");
            p.maxBytes("Url", url, Limits.URL, RULE_URL_SIZE);
            Long width = p.requiredLong("Width");
            Long height = p.requiredLong("Height");
            if (width != null && height != null && (width == 0 || height == 0)) {
                found.add(new Violation(prefix + "." + name, RULE_PICTURE_SIZE, "Width and Height must not be 0"));
                return null;
            }
            return url == null || width == null || height == null ? null : new BodyContent.Picture(url, width, height);
        }
    }
}
