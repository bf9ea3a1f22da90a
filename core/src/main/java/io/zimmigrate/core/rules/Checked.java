package io.zimmigrate.core.rules;

import java.util.List;
import java.util.Optional;

/** A value that passed its rules, or the violations that stopped it. */
public final class Checked<T> {
    private final T value;
    private final List<Violation> violations;

    private Checked(T value, List<Violation> violations) {
        this.value = value;
        this.violations = violations;
    }

    public static <T> Checked<T> valid(T value) {
        return new Checked<>(value, List.of());
    }

    public static <T> Checked<T> invalid(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid value needs at least one violation");
        }
        return new Checked<>(null, List.copyOf(violations));
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    public List<Violation> violations() {
        return violations;
    }

    public T orElseThrow() {
        if (!isValid()) {
            throw new IllegalArgumentException(violations.toString());
        }
        return value;
    }
}
