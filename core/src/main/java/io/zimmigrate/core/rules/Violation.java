package io.zimmigrate.core.rules;

import java.util.Objects;

/**
 * One broken rule: which field, which rule (a stable id such as {@code id.charset}), and a message
 * for people that shows the offending value (shortened, never a whole body).
 */
public record Violation(String field, String rule, String message) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message + " [" + rule + "]";
    }
}
