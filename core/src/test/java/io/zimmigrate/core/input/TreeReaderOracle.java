package io.zimmigrate.core.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The test oracle for {@link CanonicalRecords}: the tree-based reader it replaced (databind's {@code JsonNode},
 * written independently of the streaming decoder), kept here only so the differential tests compare the decoder
 * with a second implementation of the same format.
 */
final class TreeReaderOracle {

    /** The fields a canonical record may have; anything else is refused by name so a typo cannot pass silently. */
    static final Set<String> FIELDS = Set.of("Id", "GroupId", "ToUserId", "FromUserId", "MessageType",
            "Priority", "MessageBody", "SubMsgType", "SearchedContent", "SendMessageTime", "HiddenFor");
    private static final Set<String> BODY_FIELDS = Set.of("Message", "ExtendedData");

    /** The tree reader's mapper, built on first use: a JSONL pass of well-formed lines never needs it. */
    private static final class Tree {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                // "{...} junk" is not one record: without this Jackson would read the object and ignore the rest.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();

        static {
            // Hostile input must not exhaust the stack or memory: refuse deep nesting early.
            MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        }
    }

    private TreeReaderOracle() {}

    /** Decodes one record from JSON text with the tree-based reader (every error worded, field by field). */
    public static SourceRecord decode(String json, Locator locator) {
        JsonNode node;
        try {
            node = Tree.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return unreadable(locator, null, new Violation("(line)", CanonicalRecords.RULE_JSON, "is not valid JSON: " + brief(e)));
        }
        if (node == null || !node.isObject()) {
            // (The tree reader in main said "not MISSING" for an empty line; the decoder says "not nothing".)
            return unreadable(locator, null, new Violation("(line)", CanonicalRecords.RULE_NOT_OBJECT,
                    "must be one JSON object per line, not " + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType())));
        }
        return fromObject(node, locator);
    }

    /** Decodes an already parsed JSON object. */
    public static SourceRecord fromObject(JsonNode node, Locator locator) {
        List<Violation> found = new ArrayList<>(0);
        Reader r = new Reader(node, found);
        String id = r.text("Id");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                found.add(new Violation(name, CanonicalRecords.RULE_UNKNOWN_FIELD, "is not a field of the canonical format; known fields are "
                        + "Id, GroupId, ToUserId, FromUserId, MessageType, Priority, MessageBody, SubMsgType, "
                        + "SearchedContent, SendMessageTime, HiddenFor"));
            }
        }
        RawMessage.Builder b = RawMessage.builder()
                .id(id)
                .groupId(r.text("GroupId"))
                .toUserId(r.text("ToUserId"))
                .fromUserId(r.text("FromUserId"))
                .messageType(r.integer("MessageType"))
                .priority(r.integer("Priority"))
                .subMsgType(r.integer("SubMsgType"))
                .searchedContent(r.text("SearchedContent"))
                .sendMessageTime(r.longValue("SendMessageTime"))
                .hiddenFor(r.textList("HiddenFor"));
        body(node.get("MessageBody"), b, found);
        if (!found.isEmpty()) {
            return new SourceRecord.Unreadable(locator, new Rejection(locator, id, found));
        }
        return new SourceRecord.Readable(locator, b.build());
    }

    private static void body(JsonNode body, RawMessage.Builder b, List<Violation> found) {
        if (body == null || body.isNull()) {
            return; // MessageRules reports the missing body
        }
        if (!body.isObject()) {
            found.add(new Violation("MessageBody", CanonicalRecords.RULE_FIELD_TYPE, "must be an object with Message and ExtendedData"));
            return;
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            if (!BODY_FIELDS.contains(name)) {
                found.add(new Violation("MessageBody." + name, CanonicalRecords.RULE_UNKNOWN_FIELD, name.equals("OfflinePush")
                        || name.equals("HasReceipt") ? "is not supported by ZIM's import APIs"
                        : "is not a MessageBody field; known fields are Message and ExtendedData"));
            }
        }
        JsonNode message = body.get("Message");
        if (message != null && message.isObject()) {
            // Media structures may be written as objects for readability; ZIM wants their JSON text.
            b.bodyMessage(message.toString());
        } else {
            b.bodyMessage(new Reader(body, found, "MessageBody.").text("Message"));
        }
        b.bodyExtendedData(new Reader(body, found, "MessageBody.").text("ExtendedData"));
    }

    private static SourceRecord unreadable(Locator locator, String id, Violation v) {
        return new SourceRecord.Unreadable(locator, Rejection.of(locator, id, v));
    }

    /** Jackson's message without its source excerpt (which could be a whole body), plus the column when known. */
    private static String brief(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg == null) {
            return "unreadable";
        }
        for (String cut : new String[] {"\n", " (start marker at", " at [Source"}) {
            int at = msg.indexOf(cut);
            if (at > 0) {
                msg = msg.substring(0, at);
            }
        }
        msg = msg.length() > 160 ? msg.substring(0, 160) + "…" : msg;
        JsonLocation where = e.getLocation();
        if (where != null && where.getColumnNr() > 0) {
            msg += " (at column " + where.getColumnNr() + ")";
        }
        return msg;
    }

    /** A wrong value for a message: its JSON type and, for scalars, the value itself (shortened). */
    private static String describe(JsonNode v) {
        String type = v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        if (v.isTextual()) {
            return type + " " + Shown.value(v.textValue());
        }
        if (v.isValueNode()) {
            String text = v.toString();
            return type + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
        }
        return type;
    }

    /** Reads typed fields, adding a {@code record.field-type} violation for each value of the wrong JSON type. */
    private static final class Reader {
        private final JsonNode node;
        private final List<Violation> found;
        private final String prefix;

        Reader(JsonNode node, List<Violation> found) {
            this(node, found, "");
        }

        Reader(JsonNode node, List<Violation> found, String prefix) {
            this.node = node;
            this.found = found;
            this.prefix = prefix;
        }

        String text(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                wrong(name, "a string", v);
                return null;
            }
            return v.textValue();
        }

        Integer integer(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                wrong(name, "a whole number", v);
                return null;
            }
            return v.intValue();
        }

        Long longValue(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                wrong(name, "a whole number of milliseconds", v);
                return null;
            }
            return v.longValue();
        }

        List<String> textList(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isArray()) {
                wrong(name, "a list of user IDs", v);
                return null;
            }
            List<String> out = new ArrayList<>(v.size());
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    wrong(name, "a list of user IDs (strings)", item);
                    return null;
                }
                out.add(item.textValue());
            }
            return out;
        }

        private void wrong(String name, String expected, JsonNode v) {
            found.add(new Violation(prefix + name, CanonicalRecords.RULE_FIELD_TYPE, "must be " + expected + ", not " + describe(v)));
        }
    }
}
