package io.zimmigrate.files.mattermost;

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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one Mattermost {@code post} or {@code direct_post} line into canonical records (docs/sources.md,
 * "Mattermost"): the post and then each reply, each as a text message followed by one file message per
 * attachment. A {@code post} goes to the group {@code TEAM:CHANNEL}; a {@code direct_post} between two people
 * is one-to-one, among more a group {@code gm:A+B+C} (members sorted). Replies name their post in
 * {@code ExtendedData}.
 */
final class MattermostPosts {
    static final String RULE_FIELD = "mattermost.field-required";
    static final String RULE_FIELD_TYPE = "mattermost.field-type";
    static final String RULE_POST_TYPE = "mattermost.post-type-unsupported";
    static final String RULE_DM_MEMBER = "mattermost.dm-member";
    static final String RULE_ATTACHMENT_URL = "mattermost.attachment-url";
    static final String RULE_NO_CONTENT = "mattermost.no-content";

    private final IdMapper ids;
    private final String attachmentBaseUrl;

    MattermostPosts(IdMapper ids, String attachmentBaseUrl) {
        this.ids = ids;
        this.attachmentBaseUrl = attachmentBaseUrl;
    }

    List<SourceRecord> post(JsonNode post, Locator at, boolean direct) {
        String id = "line" + at.position();
        String kind = direct ? "direct_post" : "post";
        List<Violation> problems = new ArrayList<>();
        String user = required(post, kind, "user", problems);
        Long createAt = time(post, kind, problems);
        String type = Json.text(post, "type");
        if (type != null && !type.isEmpty()) {
            problems.add(new Violation(kind + ".type", RULE_POST_TYPE, Shown.value(type)
                    + " is a system post (joins, header changes, ...); only posts people wrote are imported"));
        }
        Conversation conversation = null;
        if (direct) {
            List<String> members = members(post, problems);
            if (members != null && user != null) {
                conversation = directConversation(members, problems);
            }
        } else {
            String team = required(post, kind, "team", problems);
            String channel = required(post, kind, "channel", problems);
            if (team != null && channel != null) {
                conversation = new Conversation(ids.group(team + ":" + channel), null);
            }
        }
        if (!problems.isEmpty()) {
            return List.of(new SourceRecord.Unreadable(at, new Rejection(at, id, problems)));
        }
        List<SourceRecord> out = new ArrayList<>();
        message(conversation, user, createAt, post, id, null, at, kind, out);
        JsonNode replies = post.get("replies");
        if (replies != null && replies.isArray()) {
            for (int i = 0; i < replies.size(); i++) {
                JsonNode reply = replies.get(i);
                String replyId = id + ".reply" + (i + 1);
                String field = kind + ".replies[" + i + "]";
                List<Violation> replyProblems = new ArrayList<>();
                String replyUser = required(reply, field, "user", replyProblems);
                Long replyAt = time(reply, field, replyProblems);
                if (!replyProblems.isEmpty()) {
                    out.add(new SourceRecord.Unreadable(at, new Rejection(at, replyId, replyProblems)));
                    continue;
                }
                message(conversation, replyUser, replyAt, reply, replyId, id, at, field, out);
            }
        }
        return out;
    }

    /** Where a message goes: a group, or (for two people) the peer of {@code peerOf}'s sender. */
    private record Conversation(String groupId, List<String> pair) {}

    private Conversation directConversation(List<String> members, List<Violation> problems) {
        Set<String> distinct = new LinkedHashSet<>(members);
        if (distinct.size() <= 2) {
            return new Conversation(null, List.copyOf(distinct));
        }
        return new Conversation(ids.group("gm:" + String.join("+", new TreeSet<>(distinct))), null);
    }

    private void message(Conversation c, String user, long createAt, JsonNode node, String id, String parentId,
                         Locator at, String field, List<SourceRecord> out) {
        RawMessage.Builder base = RawMessage.builder()
                .fromUserId(ids.user(user))
                .priority(1)
                .sendMessageTime(createAt)
                .bodyExtendedData(parentId == null ? null
                        : JsonNodeFactory.instance.objectNode().put("parent_id", parentId).toString());
        if (c.groupId() != null) {
            base.groupId(c.groupId());
        } else {
            if (!c.pair().contains(user)) {
                out.add(new SourceRecord.Unreadable(at, Rejection.of(at, id, new Violation(field + ".user", RULE_DM_MEMBER,
                        Shown.value(user) + " is not one of the channel_members " + c.pair()))));
                return;
            }
            // With one member (a note to oneself) the peer is the sender, which the message rules refuse by name.
            String peer = c.pair().stream().filter(u -> !u.equals(user)).findFirst().orElse(user);
            base.toUserId(ids.user(peer));
        }
        int before = out.size();
        String text = Json.text(node, "message");
        if (text != null && !text.isEmpty()) {
            out.add(new SourceRecord.Readable(at, base.id(id).messageType(MessageType.TEXT.code()).bodyMessage(text).build()));
        }
        JsonNode attachments = node.get("attachments");
        if (attachments != null && attachments.isArray()) {
            for (int i = 0; i < attachments.size(); i++) {
                out.add(attachment(base, id + ".file" + (i + 1), attachments.get(i), field + ".attachments[" + i + "]", at));
            }
        }
        if (out.size() == before) {
            out.add(new SourceRecord.Unreadable(at, Rejection.of(at, id, new Violation(field + ".message", RULE_NO_CONTENT,
                    "is empty and there are no attachments"))));
        }
    }

    private SourceRecord attachment(RawMessage.Builder base, String id, JsonNode a, String field, Locator at) {
        String path = Json.text(a, "path");
        if (path == null || path.isEmpty()) {
            return new SourceRecord.Unreadable(at, Rejection.of(at, id, new Violation(field + ".path", RULE_FIELD, "is required")));
        }
        if (attachmentBaseUrl == null) {
            return new SourceRecord.Unreadable(at, Rejection.of(at, id, new Violation(field + ".path", RULE_ATTACHMENT_URL,
                    Shown.value(path) + " is a local file and ZIM needs a URL; upload the files and give the option "
                            + MattermostSourceProvider.OPTION_ATTACHMENT_BASE_URL + "=https://…/ to prefix their paths")));
        }
        String relative = path.startsWith("/") ? path.substring(1) : path;
        String url = attachmentBaseUrl + (attachmentBaseUrl.endsWith("/") ? "" : "/") + relative;
        ObjectNode media = JsonNodeFactory.instance.objectNode()
                .put("Uid", id)
                .put("Url", url)
                .put("FileName", relative.substring(relative.lastIndexOf('/') + 1));
        return new SourceRecord.Readable(at, base.id(id).messageType(MessageType.FILE.code()).bodyMessage(media.toString()).build());
    }

    private static String required(JsonNode node, String prefix, String name, List<Violation> problems) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isEmpty()) {
            problems.add(new Violation(prefix + "." + name, RULE_FIELD, "is required"));
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new Violation(prefix + "." + name, RULE_FIELD_TYPE, "must be a string, not " + v.getNodeType()));
            return null;
        }
        return v.textValue();
    }

    private static Long time(JsonNode node, String prefix, List<Violation> problems) {
        JsonNode v = node.get("create_at");
        if (v == null || v.isNull()) {
            problems.add(new Violation(prefix + ".create_at", RULE_FIELD, "is required (epoch milliseconds)"));
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problems.add(new Violation(prefix + ".create_at", RULE_FIELD_TYPE,
                    "must be epoch milliseconds, not " + Shown.value(v.toString())));
            return null;
        }
        return v.longValue();
    }

    private static List<String> members(JsonNode post, List<Violation> problems) {
        JsonNode v = post.get("channel_members");
        if (v == null || !v.isArray() || v.isEmpty()) {
            problems.add(new Violation("direct_post.channel_members", RULE_FIELD, "is required: the user names in the conversation"));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode m : v) {
            if (!m.isTextual() || m.textValue().isEmpty()) {
                problems.add(new Violation("direct_post.channel_members", RULE_FIELD_TYPE, "must list user names (strings)"));
                return null;
            }
            out.add(m.textValue());
        }
        return out;
    }
}
