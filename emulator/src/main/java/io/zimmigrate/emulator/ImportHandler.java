package io.zimmigrate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.rules.BodyRules;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ImportGroupMsg and ImportPeerMsg: the documented field rules (core's {@link MessageRules}, so the emulator and
 * the client's validation cannot drift apart), the provisioning checks when asked for (a group's sender must be
 * one of its members: 660600024), then the message goes to the end of its timeline with the next MsgSeq.
 *
 * <p>Which code a refused message gets: any field rule (including a SendMessageTime older than the retention
 * window, for which ZIM documents no code) → 660000002; otherwise a size limit → 660400001; otherwise a
 * SendMessageTime in the future → 660800046.
 */
final class ImportHandler {
    private static final Locator WIRE = new Locator("request", 1, "request");
    private static final Set<String> SIZE_RULES = Set.of(BodyRules.RULE_SIZE, BodyRules.RULE_EXTENDED_SIZE);

    private final MessageRules rules;
    private final ZimState state;
    private final boolean requireProvisioned;

    ImportHandler(MessageRules rules, ZimState state, boolean requireProvisioned) {
        this.rules = rules;
        this.state = state;
        this.requireProvisioned = requireProvisioned;
    }

    Answer importGroup(JsonNode body, long nowMillis) {
        WireFields f = new WireFields(body);
        String groupId = f.text("GroupId", true);
        Common c = common(f);
        RawMessage raw = c.raw().groupId(groupId).build();
        List<Violation> violations = validate(f, raw, nowMillis);
        if (!violations.isEmpty()) {
            return refusal(violations);
        }
        if (requireProvisioned && !state.isRegistered(raw.fromUserId())) {
            return Answer.of(Codes.SENDER_NOT_REGISTERED, "FromUserId " + raw.fromUserId() + " is not registered");
        }
        if (requireProvisioned && !state.groupExists(groupId)) {
            return Answer.of(Codes.GROUP_NOT_FOUND, "GroupId " + groupId + " does not exist");
        }
        // Whether ZIM takes a group message from a non-member is undocumented (zim-api.md §3); the docs decide it is
        // wrong (decisions.md), so a provisioned emulator refuses it with ZIM's "user not in the group".
        if (requireProvisioned && !state.isMember(groupId, raw.fromUserId())) {
            return Answer.of(Codes.NOT_A_MEMBER, "FromUserId " + raw.fromUserId() + " is not a member of " + groupId);
        }
        String key = new Timeline.GroupTimeline(new GroupId(groupId)).key();
        StoredMessage stored = state.append(key, c.arrival(nowMillis));
        Answer answer = Answer.success();
        answer.body().put("MsgSeq", stored.msgSeq());
        return answer;
    }

    Answer importPeer(JsonNode body, long nowMillis) {
        WireFields f = new WireFields(body);
        String toUserId = f.text("ToUserId", true);
        String importedUserId = f.text("ImportedUserId", true);
        Common c = common(f);
        RawMessage raw = c.raw().toUserId(toUserId).build();
        List<Violation> violations = validate(f, raw, nowMillis);
        String from = raw.fromUserId();
        if (importedUserId != null && !importedUserId.equals(from) && !importedUserId.equals(toUserId)) {
            violations.add(new Violation("ImportedUserId", "peer.imported-user",
                    "must equal FromUserId or ToUserId: it names whose view receives the message"));
        }
        if (!violations.isEmpty()) {
            return refusal(violations);
        }
        if (requireProvisioned && !state.isRegistered(from)) {
            return Answer.of(Codes.SENDER_NOT_REGISTERED, "FromUserId " + from + " is not registered");
        }
        if (requireProvisioned && !state.isRegistered(toUserId)) {
            return Answer.of(Codes.SENDER_NOT_REGISTERED, "ToUserId " + toUserId + " is not registered");
        }
        String other = importedUserId.equals(from) ? toUserId : from;
        String key = new Timeline.PeerTimeline(new UserId(importedUserId), new UserId(other)).key();
        StoredMessage stored = state.append(key, c.arrival(nowMillis));
        Answer answer = Answer.success();
        answer.body().put("MsgId", stored.msgId());
        answer.body().put("MsgSeq", stored.msgSeq());
        return answer;
    }

    /** The fields both imports share, read once. */
    private record Common(String fromUserId, Integer messageType, Integer priority, String message,
                          String extendedData, Integer subMsgType, String searchedContent, Long sendMessageTime) {
        RawMessage.Builder raw() {
            return RawMessage.builder().id("request").fromUserId(fromUserId).messageType(messageType)
                    .priority(priority).bodyMessage(message).bodyExtendedData(extendedData).subMsgType(subMsgType)
                    .searchedContent(searchedContent).sendMessageTime(sendMessageTime);
        }

        ZimState.Arrival arrival(long nowMillis) {
            long time = sendMessageTime == null || sendMessageTime == 0 ? nowMillis : sendMessageTime;
            return new ZimState.Arrival(fromUserId, messageType, subMsgType, message, extendedData, searchedContent,
                    time, priority);
        }
    }

    private static Common common(WireFields f) {
        String from = f.text("FromUserId", true);
        Integer type = f.integer("MessageType", true);
        Integer priority = f.integer("Priority", true);
        WireFields body = f.object("MessageBody", true);
        // Absent Message is reported by MessageRules; OfflinePush and HasReceipt are ignored, as ZIM documents.
        String message = body.text("Message", false);
        String extended = body.text("ExtendedData", false);
        Integer sub = f.integer("SubMsgType", false);
        String searched = f.text("SearchedContent", false);
        Long sendTime = f.longValue("SendMessageTime", false);
        return new Common(from, type, priority, message, extended, sub, searched, sendTime);
    }

    /** Wire-level problems first (absent or mistyped fields), then every rule core knows. */
    private List<Violation> validate(WireFields f, RawMessage raw, long nowMillis) {
        List<Violation> violations = new ArrayList<>(f.violations());
        if (rules.validate(raw, WIRE, 0, nowMillis) instanceof Validation.Rejected r) {
            for (Violation v : r.rejection().violations()) {
                // "group or peer" is the canonical format's question; on the wire the Action answers it.
                if (!alreadyNamed(violations, v.field()) && !MessageRules.RULE_CONVERSATION.equals(v.rule())) {
                    violations.add(v);
                }
            }
        }
        return violations;
    }

    private static boolean alreadyNamed(List<Violation> violations, String field) {
        return violations.stream().anyMatch(v -> v.field().equals(field));
    }

    private static Answer refusal(List<Violation> violations) {
        String detail = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        boolean param = violations.stream()
                .anyMatch(v -> !SIZE_RULES.contains(v.rule()) && !RetentionWindow.RULE_FUTURE.equals(v.rule()));
        if (param) {
            return Answer.of(Codes.PARAM_ERROR, "input parameter error: " + detail);
        }
        if (violations.stream().anyMatch(v -> SIZE_RULES.contains(v.rule()))) {
            return Answer.of(Codes.MESSAGE_TOO_LARGE, "message size over the limit: " + detail);
        }
        return Answer.of(Codes.TIME_IN_FUTURE, "SendMessageTime is later than the current time: " + detail);
    }
}
