package io.zimmigrate.files.slack;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.zimmigrate.files.slack.SlackWorkspace.Conversation;
import io.zimmigrate.files.support.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one Slack message into canonical records (docs/sources.md, "Slack"): its text becomes a text message and
 * each shared file a file or image message; a thread reply keeps its parent in {@code ExtendedData}. Every
 * subtype is either mapped or rejected with a named rule, never dropped.
 */
final class SlackMessages {
    static final String RULE_NOT_MESSAGE = "slack.not-a-message";
    static final String RULE_SUBTYPE = "slack.subtype-unsupported";
    static final String RULE_DELETED = "slack.deleted";
    static final String RULE_TS = "slack.ts";
    static final String RULE_UNKNOWN_USER = "slack.unknown-user";
    static final String RULE_DM_MEMBER = "slack.dm-member";
    static final String RULE_FILE = "slack.file-unavailable";
    static final String RULE_NO_CONTENT = "slack.no-content";

    /** Subtypes that are messages people (or bots) wrote; all others are events and are rejected by name. */
    static final List<String> MAPPED_SUBTYPES = List.of("thread_broadcast", "file_share", "me_message", "bot_message");

    /** Why the common unmapped subtypes are not messages, for the rejection text. */
    private static final Map<String, String> EVENT_KINDS = Map.ofEntries(
            Map.entry("channel_join", "a membership event"), Map.entry("channel_leave", "a membership event"),
            Map.entry("group_join", "a membership event"), Map.entry("group_leave", "a membership event"),
            Map.entry("channel_topic", "a channel setting change"), Map.entry("channel_purpose", "a channel setting change"),
            Map.entry("channel_name", "a channel setting change"), Map.entry("group_topic", "a channel setting change"),
            Map.entry("group_purpose", "a channel setting change"), Map.entry("group_name", "a channel setting change"),
            Map.entry("channel_archive", "a channel setting change"), Map.entry("channel_unarchive", "a channel setting change"),
            Map.entry("pinned_item", "a pin event"), Map.entry("unpinned_item", "a pin event"),
            Map.entry("bot_add", "an integration event"), Map.entry("bot_remove", "an integration event"),
            Map.entry("reminder_add", "a reminder event"), Map.entry("huddle_thread", "a call record"),
            Map.entry("sh_room_created", "a call record"));

    private final SlackWorkspace workspace;
    private final IdMapper ids;

    SlackMessages(SlackWorkspace workspace, IdMapper ids) {
        this.workspace = workspace;
        this.ids = ids;
    }

    /** The records for message {@code m} of conversation {@code c}, read at {@code at}. */
    List<SourceRecord> map(Conversation c, JsonNode m, SlackTimestamp ts, Locator at) {
        String tsText = Json.text(m, "ts");
        String id = tsText == null ? null : c.id() + "/" + tsText;
        String type = Json.text(m, "type");
        if (type != null && !type.equals("message")) {
            return reject(at, id, "type", RULE_NOT_MESSAGE, Shown.value(type) + " is not a message");
        }
        if (ts == null) {
            return reject(at, id, "ts", RULE_TS, Shown.value(tsText) + " is not a Slack timestamp (seconds.micros)");
        }
        String subtype = Json.text(m, "subtype");
        if (subtype != null && !MAPPED_SUBTYPES.contains(subtype)) {
            if (subtype.equals("tombstone")) {
                return reject(at, id, "subtype", RULE_DELETED, "\"tombstone\": the message was deleted; only its thread remains");
            }
            return reject(at, id, "subtype", RULE_SUBTYPE, Shown.value(subtype) + " is "
                    + EVENT_KINDS.getOrDefault(subtype, "not a message kind zim-migrate imports")
                    + "; mapped subtypes are none, " + String.join(", ", MAPPED_SUBTYPES));
        }
        Optional<String> sender = sender(m, subtype);
        if (sender.isEmpty()) {
            return reject(at, id, "user", RULE_UNKNOWN_USER, senderProblem(m));
        }
        RawMessage.Builder base = RawMessage.builder()
                .fromUserId(ids.user(sender.get()))
                .priority(1)
                .sendMessageTime(ts.millis())
                .bodyExtendedData(threadReference(c, m, tsText));
        if (c.kind().group) {
            base.groupId(ids.group(c.id()));
        } else {
            Optional<String> other = otherMember(c, sender.get());
            if (other.isEmpty()) {
                return reject(at, id, "user", RULE_DM_MEMBER, Shown.value(sender.get()) + " is not a member of the DM "
                        + c.id() + " (members " + c.members() + ")");
            }
            if (!workspace.hasUser(other.get())) {
                return reject(at, id, "members", RULE_UNKNOWN_USER, "the DM's other member " + Shown.value(other.get())
                        + " is not in users.json; every participant must be a user there");
            }
            base.toUserId(ids.user(other.get()));
        }

        List<SourceRecord> out = new ArrayList<>(1);
        String text = text(m);
        List<JsonNode> files = files(m);
        if (!text.isEmpty()) {
            out.add(new SourceRecord.Readable(at, base.id(id).messageType(MessageType.TEXT.code()).bodyMessage(text).build()));
        }
        for (int i = 0; i < files.size(); i++) {
            out.add(file(base, id, files.get(i), i, at));
        }
        if (out.isEmpty()) {
            return reject(at, id, "text", RULE_NO_CONTENT, "has no text and no files; rich blocks or attachments "
                    + "without fallback text cannot be imported");
        }
        return out;
    }

    /** The Slack user who wrote {@code m}: {@code user}, or for a bot the user that owns it; present only if known. */
    private Optional<String> sender(JsonNode m, String subtype) {
        String user = Json.text(m, "user");
        if (user != null) {
            return workspace.hasUser(user) ? Optional.of(user) : Optional.empty();
        }
        String bot = Json.text(m, "bot_id");
        if (bot != null) {
            Optional<String> owner = workspace.userOfBot(bot);
            if (owner.isPresent()) {
                return owner;
            }
            return workspace.hasUser(bot) ? Optional.of(bot) : Optional.empty();
        }
        return Optional.empty();
    }

    private static String senderProblem(JsonNode m) {
        String user = Json.text(m, "user");
        if (user != null) {
            return Shown.value(user) + " is not in users.json; every sender must be a user there (add it, or remove "
                    + "the message)";
        }
        String bot = Json.text(m, "bot_id");
        if (bot != null) {
            String name = Json.text(m, "username");
            return "the bot " + Shown.value(bot) + (name == null ? "" : " (" + Shown.value(name) + ")")
                    + " has no user in users.json; add a user whose id or profile.bot_id is " + bot;
        }
        return "the message has neither user nor bot_id, so its sender is unknown";
    }

    private static Optional<String> otherMember(Conversation c, String sender) {
        if (!c.members().contains(sender)) {
            return Optional.empty();
        }
        // A DM with oneself has only the sender: ToUserId = sender, which the message rules then refuse by name.
        return Optional.of(c.members().stream().filter(u -> !u.equals(sender)).findFirst().orElse(sender));
    }

    /** For a thread reply: {"thread_ts":…, "parent_id":…} naming the parent message; null for anything else. */
    private static String threadReference(Conversation c, JsonNode m, String ts) {
        String threadTs = Json.text(m, "thread_ts");
        if (threadTs == null || threadTs.equals(ts)) {
            return null;
        }
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        ref.put("thread_ts", threadTs);
        ref.put("parent_id", c.id() + "/" + threadTs);
        return ref.toString();
    }

    /** The text; for a message without any, the fallback text of its legacy attachments. */
    private static String text(JsonNode m) {
        String text = Json.text(m, "text");
        if (text != null && !text.isEmpty()) {
            return text;
        }
        List<String> fallbacks = new ArrayList<>();
        m.path("attachments").forEach(a -> {
            String f = Json.text(a, "fallback");
            if (f == null) {
                f = Json.text(a, "text");
            }
            if (f != null && !f.isEmpty()) {
                fallbacks.add(f);
            }
        });
        return String.join("\n", fallbacks);
    }

    private static List<JsonNode> files(JsonNode m) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode files = m.get("files");
        if (files != null && files.isArray()) {
            files.forEach(out::add);
        } else if (m.path("file").isObject()) {
            out.add(m.get("file")); // exports before 2019 carried one "file"
        }
        return out;
    }

    private static SourceRecord file(RawMessage.Builder base, String messageId, JsonNode f, int index, Locator at) {
        String fileId = Json.text(f, "id");
        String id = messageId + "/" + (fileId != null ? fileId : "file" + (index + 1));
        String field = "files[" + index + "]";
        String url = firstText(f, "url_private", "url_private_download", "permalink");
        String mode = Json.text(f, "mode");
        if (url == null || "tombstone".equals(mode) || "hidden_by_limit".equals(mode)) {
            return new SourceRecord.Unreadable(at, Rejection.of(at, id, new Violation(field, RULE_FILE,
                    "the file " + Shown.value(fileId) + " has no URL in the export"
                            + (mode == null ? "" : " (mode " + Shown.value(mode) + ": deleted or beyond the plan's limit)"))));
        }
        String name = firstText(f, "name", "title");
        ObjectNode media = JsonNodeFactory.instance.objectNode();
        media.put("Uid", fileId != null ? fileId : id);
        media.put("FileName", name != null ? name : (fileId != null ? fileId : "file"));
        if (f.path("size").canConvertToLong() && f.path("size").isIntegralNumber()) {
            media.put("Size", f.get("size").longValue());
        }
        String mime = Json.text(f, "mimetype");
        long width = f.path("original_w").asLong(0);
        long height = f.path("original_h").asLong(0);
        boolean image = mime != null && mime.toLowerCase(Locale.ROOT).startsWith("image/") && width > 0 && height > 0;
        MessageType type;
        if (image) {
            type = MessageType.IMAGE;
            media.set("Origin", picture(url, width, height));
            String thumb = Json.text(f, "thumb_360");
            long tw = f.path("thumb_360_w").asLong(0);
            long th = f.path("thumb_360_h").asLong(0);
            if (thumb != null && tw > 0 && th > 0) {
                media.set("Thumbnail", picture(thumb, tw, th));
            }
        } else {
            type = MessageType.FILE;
            media.put("Url", url);
        }
        RawMessage message = base.id(id).messageType(type.code()).bodyMessage(media.toString()).build();
        return new SourceRecord.Readable(at, message);
    }

    private static ObjectNode picture(String url, long width, long height) {
        return JsonNodeFactory.instance.objectNode().put("Url", url).put("Width", width).put("Height", height);
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            String v = Json.text(node, f);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static List<SourceRecord> reject(Locator at, String id, String field, String rule, String message) {
        return List.of(new SourceRecord.Unreadable(at, Rejection.of(at, id, new Violation(field, rule, message))));
    }
}
