package io.zimmigrate.core.rules;

import io.zimmigrate.core.model.Locator;
import java.util.List;
import java.util.Objects;

/**
 * A record that will not be imported, and every reason why. {@code id} is the source's ID when it could be
 * read, else null, with any lone surrogate written as {@code \}{@code uXXXX} ({@link Utf8#encodable}) so that the
 * rejects file stays valid UTF-8. {@code zimCode} is set when ZIM itself refused the message.
 */
public record Rejection(Locator locator, String id, List<Violation> violations, Long zimCode) {
    public Rejection {
        Objects.requireNonNull(locator, "locator");
        id = Utf8.encodable(id);
        violations = List.copyOf(violations);
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one violation");
        }
    }

    public Rejection(Locator locator, String id, List<Violation> violations) {
        this(locator, id, violations, null);
    }

    public static Rejection of(Locator locator, String id, Violation violation) {
        return new Rejection(locator, id, List.of(violation));
    }

    @Override
    public String toString() {
        return locator + (id == null ? "" : " (" + id + ")") + ": " + violations;
    }
}
