package io.zimmigrate.files.sendbird;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.idmap.IdMapper;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.files.support.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one Sendbird message resource into a canonical record (docs/sources.md, "Sendbird"): {@code MESG} a text
 * message, {@code FILE} an image, file, audio or video message by MIME type, {@code ADMM} a custom (200) message
 * from the admin user, or a rejection naming why ({@code is_removed}, an admin message skipped by option, a
 * missing field). {@code custom_type}, {@code data}, the thread parent and the mentions go to {@code ExtendedData}.
 */
final class SendbirdMessages {
    static final String RULE_FIELD = "sendbird.field-required";
    static final String RULE_FIELD_TYPE = "sendbird.field-type";
    static final String RULE_TYPE = "sendbird.type-unsupported";
    static final String RULE_REMOVED = "sendbird.removed";
    static final String RULE_ADMIN_SKIPPED = "sendbird.admin-skipped";
    static final String RULE_FILE_URL = "sendbird.file-url";
    static final String RULE_NO_CONTENT = "sendbird.no-content";
    static final String RULE_DM_MEMBER = "sendbird.dm-member";

    private final SendbirdChannels channels;
    private final IdMapper ids;
    private final SendbirdOptions options;

    SendbirdMessages(SendbirdChannels channels, IdMapper ids, SendbirdOptions options) {
        this.channels = channels;
        this.ids = ids;
        this.options = options;
    }

    SourceRecord map(JsonNode m, Locator at) {
        List<Violation> problems = new ArrayList<>();
        Long messageId = whole(m, "message_id", problems);
        String id = messageId == null ? null : String.valueOf(messageId);
        String type = text(m, "type", problems);
        String channelUrl = text(m, "channel_url", problems);
        Long createdAt = whole(m, "created_at", problems);
        JsonNode removed = m.get("is_removed");
        if (removed != null && !removed.isNull() && !removed.isBoolean()) {
            problems.add(new Violation("is_removed", RULE_FIELD_TYPE, "must be true or false, not " + Shown.value(removed.toString())));
        }
        if (type != null && !List.of("MESG", "FILE", "ADMM").contains(type)) {
            problems.add(new Violation("type", RULE_TYPE, Shown.value(type) + " is not a Sendbird message type; known are "
                    + "MESG (text), FILE (file) and ADMM (admin)"));
        }
        if (!problems.isEmpty()) {
            return reject(at, id, problems);
        }
        if (removed != null && removed.asBoolean(false)) {
            return reject(at, id, new Violation("is_removed", RULE_REMOVED,
                    "the message was deleted in Sendbird (is_removed is true), so it is not imported"));
        }
        boolean admin = type.equals("ADMM");
        if (admin && options.skipAdminMessages()) {
            return reject(at, id, new Violation("type", RULE_ADMIN_SKIPPED, "\"ADMM\" is an admin message (a notice "
                    + "without a sender), skipped by the option " + SendbirdOptions.ADMIN_MESSAGES + "=skip"));
        }
        String sender = admin ? options.adminUser() : senderOf(m, problems);
        if (sender == null) {
            return reject(at, id, problems);
        }
        RawMessage.Builder message = RawMessage.builder().id(id).fromUserId(ids.user(sender)).priority(1).sendMessageTime(createdAt);
        Optional<List<String>> pair = channels.pair(channelUrl);
        if (pair.isPresent()) {
            if (admin) {
                // A one-to-one message goes from one member to the other; an admin notice has no such sender.
                return reject(at, id, new Violation("type", RULE_DM_MEMBER, "\"ADMM\" is an admin message in the one-to-one "
                        + "channel " + channelUrl + "; ZIM one-to-one messages come from one of its two members " + pair.get()));
            }
            if (!pair.get().contains(sender)) {
                return reject(at, id, new Violation("user.user_id", RULE_DM_MEMBER, Shown.value(sender)
                        + " is not one of the two members " + pair.get() + " of the one-to-one channel " + channelUrl));
            }
            message.toUserId(ids.user(pair.get().get(0).equals(sender) ? pair.get().get(1) : pair.get().get(0)));
        } else {
            message.groupId(ids.group(channelUrl));
        }
        message.bodyExtendedData(extendedData(m, admin));
        switch (type) {
            case "MESG" -> {
                String text = Json.text(m, "message");
                if (text == null || text.isEmpty()) {
                    return reject(at, id, new Violation("message", RULE_NO_CONTENT, "is empty: a text message without text"));
                }
                message.messageType(MessageType.TEXT.code()).bodyMessage(text);
            }
            case "FILE" -> {
                JsonNode file = m.get("file");
                String url = Json.text(file, "url");
                if (file == null || !file.isObject() || url == null || url.isEmpty()) {
                    return reject(at, id, new Violation("file.url", RULE_FILE_URL, m.path("files").isArray()
                            ? "is missing: this looks like a multiple-files message (files[]), whose export layout "
                            + "Sendbird does not document, so it is not read"
                            : "is missing: a file message needs the file's URL (the file may have been deleted)"));
                }
                SendbirdMedia.Body body = SendbirdMedia.of(id, file, m.get("thumbnails"));
                message.messageType(body.type().code()).bodyMessage(body.json());
            }
            default -> {
                String text = Json.text(m, "message");
                if (text == null || text.isEmpty()) {
                    return reject(at, id, new Violation("message", RULE_NO_CONTENT, "is empty: an admin message without text"));
                }
                message.messageType(MessageType.CUSTOM.code()).subMsgType(options.adminSubMsgType()).bodyMessage(text);
            }
        }
        return new SourceRecord.Readable(at, message.build());
    }

    /** {@code {"custom_type", "data", "parent_id", "mentioned_users", "sendbird_type"}}, each only when present. */
    private String extendedData(JsonNode m, boolean admin) {
        ObjectNode ext = JsonNodeFactory.instance.objectNode();
        if (admin) {
            ext.put("sendbird_type", "ADMM");
        }
        putText(ext, "custom_type", Json.text(m, "custom_type"));
        putText(ext, "data", Json.text(m, "data"));
        JsonNode parent = m.get("parent_message_id");
        if (parent != null && parent.isIntegralNumber() && parent.asLong() > 0) {
            ext.put("parent_id", String.valueOf(parent.asLong()));
        }
        JsonNode mentioned = m.get("mentioned_users");
        if (mentioned != null && mentioned.isArray() && !mentioned.isEmpty()) {
            ArrayNode users = JsonNodeFactory.instance.arrayNode();
            for (JsonNode u : mentioned) {
                String user = Json.text(u, "user_id");
                if (user != null && !user.isEmpty()) {
                    users.add(ids.user(user));
                }
            }
            if (!users.isEmpty()) {
                ext.set("mentioned_users", users);
            }
        }
        return ext.isEmpty() ? null : ext.toString();
    }

    private static void putText(ObjectNode ext, String name, String value) {
        if (value != null && !value.isEmpty()) {
            ext.put(name, value);
        }
    }

    private static String senderOf(JsonNode m, List<Violation> problems) {
        JsonNode user = m.get("user");
        String userId = Json.text(user, "user_id");
        if (user == null || !user.isObject() || userId == null || userId.isEmpty()) {
            problems.add(new Violation("user.user_id", RULE_FIELD, "is required: the sender of a text or file message"));
            return null;
        }
        return userId;
    }

    private static String text(JsonNode m, String name, List<Violation> problems) {
        JsonNode v = m.get(name);
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isEmpty()) {
            problems.add(new Violation(name, RULE_FIELD, "is required"));
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new Violation(name, RULE_FIELD_TYPE, "must be a string, not " + v.getNodeType()));
            return null;
        }
        return v.textValue();
    }

    private static Long whole(JsonNode m, String name, List<Violation> problems) {
        JsonNode v = m.get(name);
        if (v == null || v.isNull()) {
            problems.add(new Violation(name, RULE_FIELD, "is required"));
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            problems.add(new Violation(name, RULE_FIELD_TYPE, "must be a whole number"
                    + (name.equals("created_at") ? " of milliseconds" : "") + ", not " + Shown.value(v.toString())));
            return null;
        }
        return v.longValue();
    }

    private static SourceRecord reject(Locator at, String id, Violation v) {
        return new SourceRecord.Unreadable(at, Rejection.of(at, id, v));
    }

    private static SourceRecord reject(Locator at, String id, List<Violation> problems) {
        return new SourceRecord.Unreadable(at, new Rejection(at, id, List.copyOf(problems)));
    }
}
