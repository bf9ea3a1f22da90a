package io.zimmigrate.core.model;

import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Violation;
import java.util.List;
import java.util.Objects;

/** A ZIM group ID that has passed {@link IdRules} (including "must not start with '#'"). */
public record GroupId(String value) implements Comparable<GroupId> {
    public GroupId {
        Objects.requireNonNull(value, "value");
    }

    public static Checked<GroupId> parse(String field, String raw, IdRules rules) {
        List<Violation> violations = rules.checkGroup(field, raw);
        return violations.isEmpty() ? Checked.valid(new GroupId(raw)) : Checked.invalid(violations);
    }

    public static GroupId of(String raw) {
        return parse("GroupId", raw, IdRules.allowingSpace()).orElseThrow();
    }

    @Override
    public int compareTo(GroupId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
