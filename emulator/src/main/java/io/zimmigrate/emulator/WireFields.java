package io.zimmigrate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request body's fields, noting each one that is required but absent or has the wrong JSON type, so a
 * handler can answer "parameter error" naming the field. {@code null} in the JSON counts as absent.
 */
final class WireFields {
    static final String RULE_REQUIRED = "wire.required";
    static final String RULE_TYPE = "wire.type";

    private final JsonNode node;
    private final String prefix;
    private final List<Violation> violations;

    WireFields(JsonNode node) {
        this(node, "", new ArrayList<>());
    }

    private WireFields(JsonNode node, String prefix, List<Violation> violations) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.prefix = prefix;
        this.violations = violations;
    }

    List<Violation> violations() {
        return violations;
    }

    /** The fields of the object {@code name}, sharing this reader's violations; absent fields read as null. */
    WireFields object(String name, boolean required) {
        JsonNode v = value(name, required);
        if (v != null && !v.isObject()) {
            type(name, "an object");
            v = null;
        }
        return new WireFields(v, prefix + name + ".", violations);
    }

    boolean has(String name) {
        return value(name, false) != null;
    }

    String text(String name, boolean required) {
        JsonNode v = value(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            type(name, "a string");
            return null;
        }
        return v.asText();
    }

    Integer integer(String name, boolean required) {
        Long v = longValue(name, required);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            type(name, "a number in 32-bit range");
            return null;
        }
        return v.intValue();
    }

    Long longValue(String name, boolean required) {
        JsonNode v = value(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            type(name, "a whole number");
            return null;
        }
        return v.asLong();
    }

    /** A list of strings, or null when absent. */
    List<String> texts(String name, boolean required) {
        JsonNode v = value(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            type(name, "a list of strings");
            return null;
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                type(name, "a list of strings");
                return null;
            }
            out.add(item.asText());
        }
        return out;
    }

    /** The raw node of a list field, or null when absent or not a list. */
    JsonNode array(String name, boolean required) {
        JsonNode v = value(name, required);
        if (v != null && !v.isArray()) {
            type(name, "a list");
            return null;
        }
        return v;
    }

    private JsonNode value(String name, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                violations.add(new Violation(prefix + name, RULE_REQUIRED, "is required"));
            }
            return null;
        }
        return v;
    }

    private void type(String name, String what) {
        violations.add(new Violation(prefix + name, RULE_TYPE, "must be " + what));
    }
}
