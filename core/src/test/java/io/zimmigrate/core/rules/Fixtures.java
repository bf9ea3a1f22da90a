package io.zimmigrate.core.rules;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.validation.MessageRules;
import java.util.List;

/** Valid records to start from; each test breaks exactly what it is about. */
public final class Fixtures {
    /** 2024-11-20T00:00:00Z. */
    public static final long NOW = 1_732_060_800_000L;
    public static final long SENT = NOW - 3_600_000L;
    public static final Locator AT = Locator.line("test.jsonl", 1);

    private Fixtures() {}

    public static RawMessage.Builder groupText() {
        return RawMessage.builder().id("m-1").groupId("g-1").fromUserId("u-1").messageType(1)
                .bodyMessage("hello").sendMessageTime(SENT);
    }

    public static RawMessage.Builder peerText() {
        return RawMessage.builder().id("m-2").toUserId("u-2").fromUserId("u-1").messageType(1)
                .bodyMessage("hello").sendMessageTime(SENT);
    }

    public static RawMessage.Builder media(int type, String json) {
        return groupText().messageType(type).bodyMessage(json);
    }

    public static Validation validate(RuleSet rules, RawMessage raw) {
        return new MessageRules(rules).validate(raw, AT, 0, NOW);
    }

    public static Validation validate(RawMessage raw) {
        return validate(RuleSet.defaults(), raw);
    }

    /** The rule ids of the violations, or an empty list when accepted. */
    public static List<String> rules(Validation v) {
        return v instanceof Validation.Rejected r
                ? r.rejection().violations().stream().map(Violation::rule).toList()
                : List.of();
    }
}
