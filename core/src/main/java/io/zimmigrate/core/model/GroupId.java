package io.zimmigrate.core.model;

import java.util.Objects;

/**
 * A ZIM group ID. Records hold one only after {@code rules.IdRules#group} passed it (including "must not start
 * with '#'"); the model knows no rules.
 */
public record GroupId(String value) implements Comparable<GroupId> {
    public GroupId {
        Objects.requireNonNull(value, "value");
    }

    /** For code and tests that hold a known-good ID (not checked here; {@code IdRules#group} checks). */
    public static GroupId of(String raw) {
        return new GroupId(raw);
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
