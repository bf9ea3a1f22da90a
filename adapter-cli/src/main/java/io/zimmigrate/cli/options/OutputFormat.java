package io.zimmigrate.cli.options;

import java.util.Locale;
import java.util.Optional;

/** How a command prints its summary: for people ({@code text}) or for programs ({@code json}). */
public enum OutputFormat {
    TEXT, JSON;

    /** The format named {@code name} (any case), if it is one. */
    public static Optional<OutputFormat> named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "text" -> Optional.of(TEXT);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
