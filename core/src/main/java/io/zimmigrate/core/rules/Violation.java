package io.zimmigrate.core.rules;

import java.util.Objects;

/**
 * One broken rule: which field, which rule (a stable id such as {@code id.charset}), and a message
 * for people that shows the offending value (shortened, never a whole body). Field and message never hold a lone
 * surrogate ({@link Utf8#encodable}), so every report of them is valid UTF-8.
 */
public record Violation(String field, String rule, String message) {
    public Violation {
        field = Utf8.encodable(Objects.requireNonNull(field, "field"));
        Objects.requireNonNull(rule, "rule");
        message = Utf8.encodable(Objects.requireNonNull(message, "message"));
    }

    @Override
    public String toString() {
        return field + ": " + message + " [" + rule + "]";
    }
}
