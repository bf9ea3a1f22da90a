package io.zimmigrate.core.model;

import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Violation;
import java.util.List;
import java.util.Objects;

/** A ZIM user ID that has passed {@link IdRules}. */
public record UserId(String value) implements Comparable<UserId> {
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    /** Checks {@code raw} and returns the ID, or the violations naming {@code field}. */
    public static Checked<UserId> parse(String field, String raw, IdRules rules) {
        List<Violation> violations = rules.checkUser(field, raw);
        return violations.isEmpty() ? Checked.valid(new UserId(raw)) : Checked.invalid(violations);
    }

    /** For code and tests that hold a known-good ID; throws {@link IllegalArgumentException} naming the rule otherwise. */
    public static UserId of(String raw) {
        return parse("UserId", raw, IdRules.allowingSpace()).orElseThrow();
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
