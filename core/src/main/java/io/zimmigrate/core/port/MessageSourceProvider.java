package io.zimmigrate.core.port;

import java.util.Map;

/**
 * A kind of source, found through {@link java.util.ServiceLoader} and chosen by {@link #formatName()}
 * ({@code --format NAME} on the CLI). Register an implementation in
 * {@code META-INF/services/io.zimmigrate.core.port.MessageSourceProvider}.
 */
public interface MessageSourceProvider {

    /** The name users give with {@code --format}, e.g. {@code jsonl}, {@code csv}, {@code slack}. */
    String formatName();

    /** One line for {@code --help}: what this format reads. */
    String description();

    /**
     * Whether this provider recognises {@code location} (a path or URI) by its name or content, for when no
     * format is given. The default recognises nothing.
     */
    default boolean recognises(String location) {
        return false;
    }

    /** Opens {@code location} with format-specific {@code options}; throws {@link SourceException} if it cannot. */
    MessageSource open(String location, Map<String, String> options);
}
