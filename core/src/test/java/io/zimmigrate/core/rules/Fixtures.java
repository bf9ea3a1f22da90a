package io.zimmigrate.core.rules;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.Locator;
import java.util.List;

/** Valid records to start from; each test breaks exactly what it is about. */
final class Fixtures {
    /** 2024-11-20T00:00:00Z. */
    static final long NOW = 1_732_060_800_000L;
    static final long SENT = NOW - 3_600_000L;
    static final Locator AT = Locator.line("test.jsonl", 1);

    private Fixtures() {}

    static RawMessage.Builder groupText() {
        return RawMessage.builder().id("m-1").groupId("g-1").fromUserId("u-1").messageType(1)
                .bodyMessage("hello").sendMessageTime(SENT);
    }

    static RawMessage.Builder peerText() {
        return RawMessage.builder().id("m-2").toUserId("u-2").fromUserId("u-1").messageType(1)
                .bodyMessage("hello").sendMessageTime(SENT);
    }

    static RawMessage.Builder media(int type, String json) {
        return groupText().messageType(type).bodyMessage(json);
    }

    static Validation validate(RuleSet rules, RawMessage raw) {
        return new MessageRules(rules).validate(raw, AT, 0, NOW);
    }

    static Validation validate(RawMessage raw) {
        return validate(RuleSet.defaults(), raw);
    }

    /** The rule ids of the violations, or an empty list when accepted. */
    static List<String> rules(Validation v) {
        return v instanceof Validation.Rejected r
                ? r.rejection().violations().stream().map(Violation::rule).toList()
                : List.of();
    }
}
