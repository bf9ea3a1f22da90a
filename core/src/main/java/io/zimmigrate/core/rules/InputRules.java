package io.zimmigrate.core.rules;

import io.zimmigrate.core.input.SourceRecord;
import java.util.HashSet;
import java.util.Set;

/** Rules that span records of one input (unique {@code Id}) on top of {@link MessageRules}. Stateful: one per pass. */
public final class InputRules {
    public static final String RULE_DUPLICATE_ID = "record.duplicate-id";

    private final MessageRules rules;
    private final Set<String> seen = new HashSet<>();

    public InputRules(MessageRules rules) {
        this.rules = rules;
    }

    public Validation validate(SourceRecord record, long ordinal, long nowMillis) {
        if (record instanceof SourceRecord.Unreadable u) {
            return new Validation.Rejected(u.rejection());
        }
        SourceRecord.Readable r = (SourceRecord.Readable) record;
        Validation v = rules.validate(r.message(), r.locator(), ordinal, nowMillis);
        String id = r.message().id();
        if (id != null && !id.isEmpty() && !seen.add(id)) {
            Violation dup = new Violation("Id", RULE_DUPLICATE_ID, Shown.value(id) + " was used by an earlier record");
            return new Validation.Rejected(Rejection.of(r.locator(), id, dup));
        }
        return v;
    }
}
