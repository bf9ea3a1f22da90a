package io.zimmigrate.core.model;

import java.util.Objects;

/**
 * A ZIM user ID. Records hold one only after {@code rules.IdRules#user} passed it; the model knows no rules, so
 * that the rules can depend on the model and not the other way round.
 */
public record UserId(String value) implements Comparable<UserId> {
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    /** For code and tests that hold a known-good ID (not checked here; {@code IdRules#user} checks). */
    public static UserId of(String raw) {
        return new UserId(raw);
    }

    @Override
    public int compareTo(UserId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
