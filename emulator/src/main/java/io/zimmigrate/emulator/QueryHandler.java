package io.zimmigrate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * QueryGroupMsg and QueryPeerMsg: a timeline newest first, {@code Limit} per page (≤0 → 10, >100 → 100) and an
 * opaque {@code Next} cursor (0 on the first call; 0 in the answer when done). QueryPeerMsg reads
 * {@code FromUserId}'s own view. Without {@code requireProvisioned}, an unknown group reads as empty. Media and
 * multi-item bodies come back in the configured {@link MediaReadBack} form.
 */
final class QueryHandler {
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private final ZimState state;
    private final IdRules ids;
    private final boolean requireProvisioned;
    private final MediaReadBack mediaReadBack;

    QueryHandler(ZimState state, IdRules ids, boolean requireProvisioned, MediaReadBack mediaReadBack) {
        this.state = state;
        this.ids = ids;
        this.requireProvisioned = requireProvisioned;
        this.mediaReadBack = mediaReadBack;
    }

    Answer queryGroup(JsonNode body) {
        WireFields f = new WireFields(body);
        String groupId = f.text("GroupId", true);
        Paging paging = paging(f);
        List<Violation> bad = new ArrayList<>(f.violations());
        if (groupId != null) {
            bad.addAll(ids.checkGroup("GroupId", groupId));
        }
        if (!bad.isEmpty()) {
            return paramError(bad);
        }
        if (requireProvisioned && !state.groupExists(groupId)) {
            return Answer.of(Codes.GROUP_NOT_FOUND, "GroupId " + groupId + " does not exist");
        }
        return page(new Timeline.GroupTimeline(new GroupId(groupId)).key(), paging);
    }

    Answer queryPeer(JsonNode body) {
        WireFields f = new WireFields(body);
        String from = f.text("FromUserId", true);
        String to = f.text("ToUserId", true);
        Paging paging = paging(f);
        List<Violation> bad = new ArrayList<>(f.violations());
        if (from != null) {
            bad.addAll(ids.checkUser("FromUserId", from));
        }
        if (to != null) {
            bad.addAll(ids.checkUser("ToUserId", to));
        }
        if (!bad.isEmpty()) {
            return paramError(bad);
        }
        if (requireProvisioned && !state.isRegistered(from)) {
            return Answer.of(Codes.SENDER_NOT_REGISTERED, "FromUserId " + from + " is not registered");
        }
        if (requireProvisioned && !state.isRegistered(to)) {
            return Answer.of(Codes.SENDER_NOT_REGISTERED, "ToUserId " + to + " is not registered");
        }
        return page(new Timeline.PeerTimeline(new UserId(from), new UserId(to)).key(), paging);
    }

    private record Paging(int limit, long next) {}

    private static Paging paging(WireFields f) {
        Long limit = f.longValue("Limit", false);
        Long next = f.longValue("Next", false);
        f.longValue("WithEmptyMsg", false); // the emulator never deletes or recalls, so there is nothing to include
        int l = limit == null || limit <= 0 ? DEFAULT_LIMIT : (int) Math.min(limit, MAX_LIMIT);
        return new Paging(l, next == null ? 0 : next);
    }

    private Answer page(String timelineKey, Paging paging) {
        ZimState.Page page = state.page(timelineKey, paging.limit(), paging.next());
        Answer answer = Answer.success();
        answer.body().put("Next", page.next());
        ArrayNode list = answer.body().putArray("List");
        for (StoredMessage m : page.newestFirst()) {
            ObjectNode item = list.addObject();
            item.put("Sender", m.fromUserId());
            item.put("MsgType", m.messageType());
            item.put("SubMsgType", m.subMsgType() == null ? 0 : m.subMsgType());
            item.put("MsgBody", QueriedBody.of(m.messageType(), m.message(), mediaReadBack));
            item.put("MsgId", Long.parseLong(m.msgId()));
            item.put("MsgSeq", m.msgSeq());
            item.put("Payload", m.extendedData() == null ? "" : m.extendedData());
            item.put("MsgTime", m.msgTime());
            item.put("IsEmpty", 0);
        }
        return answer;
    }

    private static Answer paramError(List<Violation> violations) {
        return Answer.of(Codes.PARAM_ERROR, "input parameter error: "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
}
