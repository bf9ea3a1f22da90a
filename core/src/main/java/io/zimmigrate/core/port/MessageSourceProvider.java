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

    /**
     * When several providers recognise one location, the highest precedence wins (a tie is an error that asks
     * for {@code --format}). Recognising by file extension alone is {@link #BY_NAME} (the default); a provider
     * that also checks the content (a Mattermost {@code version} line in a {@code .jsonl} file) says
     * {@link #BY_CONTENT} so it is preferred over a provider that only looked at the name.
     */
    default int recognitionPrecedence() {
        return BY_NAME;
    }

    /** {@link #recognitionPrecedence()} of a provider that recognises by file name only. */
    int BY_NAME = 0;
    /** {@link #recognitionPrecedence()} of a provider that recognises by content. */
    int BY_CONTENT = 10;

    /** Opens {@code location} with format-specific {@code options}; throws {@link SourceException} if it cannot. */
    MessageSource open(String location, Map<String, String> options);
}
