package io.zimmigrate.files.stream;

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
import io.zimmigrate.files.support.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one Stream Chat message into canonical records (docs/sources.md, "Stream Chat"): its text becomes a text
 * message and each attachment an image, file, audio or video message after it, as the Slack source does; a thread
 * reply or a quote keeps its reference in {@code ExtendedData}; reactions are reported as not importable. Every
 * message type is either mapped or rejected with a named rule.
 */
final class StreamMessages {
    static final String RULE_DELETED = "stream.deleted";
    static final String RULE_TYPE = "stream.message-type";
    static final String RULE_UNKNOWN_CHANNEL = "stream.unknown-channel";
    static final String RULE_DM_MEMBER = "stream.dm-member";
    static final String RULE_ATTACHMENT_URL = "stream.attachment-url";
    static final String RULE_ATTACHMENT_TYPE = "stream.attachment-unsupported";
    static final String RULE_NO_CONTENT = "stream.no-content";
    static final String RULE_REACTIONS = "stream.reactions-not-imported";

    /** Message types people wrote; {@code reply} is a thread reply. */
    static final Set<String> IMPORTED_TYPES = Set.of("regular", "reply");
    /** Why the other documented types are not history. */
    private static final Map<String, String> OTHER_TYPES = Map.of(
            "system", "a system message (membership or channel change)",
            "ephemeral", "an ephemeral message, shown once to one user and never stored as history",
            "error", "an error message, shown to one user and never stored as history");

    private final StreamChannels channels;
    private final IdMapper ids;

    StreamMessages(StreamChannels channels, IdMapper ids) {
        this.channels = channels;
        this.ids = ids;
    }

    /** The records for message {@code m} of channel {@code cid} (null if unknown), read at {@code at}. */
    List<SourceRecord> map(String cid, JsonNode m, Locator at, String field) {
        String prefix = field + ".";
        List<Violation> problems = new ArrayList<>();
        String id = text(m, "id", prefix, problems);
        String type = Json.text(m, "type");
        boolean deleted = m.hasNonNull("deleted_at") || "deleted".equals(type);
        if (deleted) {
            return reject(at, id, prefix + (m.hasNonNull("deleted_at") ? "deleted_at" : "type"), RULE_DELETED,
                    "the message was deleted in Stream (" + Shown.value(m.hasNonNull("deleted_at")
                            ? m.get("deleted_at").asText() : type) + "); deleted messages are not imported");
        }
        if (type != null && !IMPORTED_TYPES.contains(type)) {
            return reject(at, id, prefix + "type", RULE_TYPE, Shown.value(type) + " is "
                    + OTHER_TYPES.getOrDefault(type, "not a message type zim-migrate imports") + "; imported are regular and reply");
        }
        String user = StreamWalker.firstText(m.path("user"), "id");
        if (user == null) {
            user = Json.text(m, "user_id");
        }
        if (user == null) {
            problems.add(new Violation(prefix + "user.id", StreamWalker.RULE_FIELD, "is required: the sender"));
        }
        Long time = time(m, prefix, problems);
        StreamChannels.Channel channel = channels.get(cid);
        if (cid != null && channel == null) {
            problems.add(new Violation(prefix + "cid", RULE_UNKNOWN_CHANNEL, Shown.value(cid)
                    + " is not a channel of the export (no channel object names it), so whether it is one-to-one is unknown"));
        } else if (cid == null) {
            problems.add(new Violation(prefix + "cid", StreamWalker.RULE_FIELD,
                    "is required: the message names no channel and is not inside a channel state"));
        }
        if (!problems.isEmpty()) {
            return List.of(new SourceRecord.Unreadable(at, new Rejection(at, id, problems)));
        }
        RawMessage.Builder base = RawMessage.builder()
                .fromUserId(ids.user(user))
                .priority(1)
                .sendMessageTime(time)
                .bodyExtendedData(references(m));
        if (channel.oneToOne()) {
            List<String> pair = channel.pair();
            if (!pair.contains(user)) {
                return reject(at, id, prefix + "user.id", RULE_DM_MEMBER, Shown.value(user) + " is not one of the members "
                        + (pair.isEmpty() ? "(the export lists no member IDs for this two-member channel)" : pair.toString())
                        + " of the one-to-one channel " + Shown.value(cid));
            }
            base.toUserId(ids.user(pair.get(0).equals(user) ? pair.get(1) : pair.get(0)));
        } else {
            base.groupId(ids.group(cid));
        }

        List<SourceRecord> out = new ArrayList<>(1);
        String text = Json.text(m, "text");
        if (text != null && !text.isEmpty()) {
            out.add(new SourceRecord.Readable(at, base.id(id).messageType(MessageType.TEXT.code()).bodyMessage(text).build()));
        }
        JsonNode attachments = m.get("attachments");
        boolean linkPreviews = false;
        if (attachments != null && attachments.isArray()) {
            for (int i = 0; i < attachments.size(); i++) {
                JsonNode a = attachments.get(i);
                if (isLinkPreview(a)) {
                    linkPreviews = true; // built by Stream from a URL in the text, which the text message keeps
                    continue;
                }
                out.add(StreamAttachments.map(base, id + "/attachment" + (i + 1), a, prefix + "attachments[" + i + "]", at));
            }
        }
        if (out.isEmpty()) {
            return reject(at, id, prefix + "text", RULE_NO_CONTENT, "is empty and there are no attachments"
                    + (linkPreviews ? " other than link previews" : ""));
        }
        int reactions = reactionCount(m);
        if (reactions > 0) {
            // Its own ID: the message's is taken by the message, and IDs must be unique across the input.
            out.add(new SourceRecord.Unreadable(at, Rejection.of(at, id + "/reactions", new Violation(prefix + "reaction_counts", RULE_REACTIONS,
                    reactions + " reaction" + (reactions == 1 ? "" : "s") + " " + reactionSummary(m)
                            + " not imported: ZIM's server API cannot import reactions; the message itself is imported"))));
        }
        return out;
    }

    /** The Stream message IDs this message refers to, as {@code ExtendedData}; null when it refers to none. */
    private static String references(JsonNode m) {
        String parent = Json.text(m, "parent_id");
        String quoted = Json.text(m, "quoted_message_id");
        if ((parent == null || parent.isEmpty()) && (quoted == null || quoted.isEmpty())) {
            return null;
        }
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        if (parent != null && !parent.isEmpty()) {
            ref.put("parent_id", parent);
        }
        if (quoted != null && !quoted.isEmpty()) {
            ref.put("quoted_message_id", quoted);
        }
        return ref.toString();
    }

    /**
     * A link preview: Stream scrapes the first URL of the text into an attachment with {@code og_scrape_url} (its
     * {@code type} then says what the page is, audio, image or video, and its URLs point at the page's media,
     * not at an upload of the sender's).
     */
    private static boolean isLinkPreview(JsonNode a) {
        return a.hasNonNull("og_scrape_url");
    }

    static int reactionCount(JsonNode m) {
        JsonNode counts = m.get("reaction_counts");
        if (counts != null && counts.isObject() && !counts.isEmpty()) {
            int sum = 0;
            for (JsonNode c : counts) {
                sum += Math.max(0, c.asInt(0));
            }
            return sum;
        }
        JsonNode latest = m.get("latest_reactions");
        return latest != null && latest.isArray() ? latest.size() : 0;
    }

    private static String reactionSummary(JsonNode m) {
        JsonNode counts = m.get("reaction_counts");
        if (counts == null || !counts.isObject() || counts.isEmpty()) {
            return "(latest_reactions)";
        }
        Map<String, Integer> sorted = new TreeMap<>();
        counts.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asInt(0)));
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + " " + v));
        return "(" + String.join(", ", parts) + ")";
    }

    private static String text(JsonNode m, String name, String prefix, List<Violation> problems) {
        JsonNode v = m.get(name);
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isEmpty()) {
            problems.add(new Violation(prefix + name, StreamWalker.RULE_FIELD, "is required"));
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new Violation(prefix + name, StreamWalker.RULE_FIELD_TYPE, "must be a string, not " + v.getNodeType()));
            return null;
        }
        return v.textValue();
    }

    /** {@code created_at}, an RFC 3339 time such as {@code 2021-02-17T08:17:49.745857Z}, in epoch milliseconds. */
    private static Long time(JsonNode m, String prefix, List<Violation> problems) {
        String created = Json.text(m, "created_at");
        if (created == null) {
            problems.add(new Violation(prefix + "created_at", StreamWalker.RULE_FIELD, "is required (an RFC 3339 time)"));
            return null;
        }
        try {
            return Instant.parse(created.toUpperCase(Locale.ROOT)).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            try {
                return java.time.OffsetDateTime.parse(created).toInstant().toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e2) {
                problems.add(new Violation(prefix + "created_at", StreamWalker.RULE_FIELD_TYPE, Shown.value(created)
                        + " is not an RFC 3339 time such as 2021-02-17T08:17:49.745857Z"));
                return null;
            }
        }
    }

    private static List<SourceRecord> reject(Locator at, String id, String field, String rule, String message) {
        return List.of(new SourceRecord.Unreadable(at, Rejection.of(at, id, new Violation(field, rule, message))));
    }
}
