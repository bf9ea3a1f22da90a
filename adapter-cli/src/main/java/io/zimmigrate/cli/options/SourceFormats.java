package io.zimmigrate.cli.options;

import io.zimmigrate.core.port.MessageSourceProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The input formats on the class path: every {@link MessageSourceProvider} registered in
 * {@code META-INF/services}, by {@link MessageSourceProvider#formatName()}. Adding a format needs no change here.
 */
public final class SourceFormats {
    private final Map<String, MessageSourceProvider> byName;

    private SourceFormats(Map<String, MessageSourceProvider> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Those found by {@link ServiceLoader} on this class's loader. */
    public static SourceFormats installed() {
        Map<String, MessageSourceProvider> found = new TreeMap<>();
        for (MessageSourceProvider p : ServiceLoader.load(MessageSourceProvider.class, SourceFormats.class.getClassLoader())) {
            found.putIfAbsent(p.formatName().toLowerCase(Locale.ROOT), p);
        }
        return new SourceFormats(found);
    }

    public Optional<MessageSourceProvider> named(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The format that recognises {@code location}; one that looked at the content (a Mattermost export is also a
     * {@code .jsonl} file) wins over one that only looked at the name; ties go to the first by name.
     */
    public Optional<MessageSourceProvider> recognising(String location) {
        return byName.values().stream().filter(p -> p.recognises(location))
                .max(java.util.Comparator.comparingInt(MessageSourceProvider::recognitionPrecedence)
                        .thenComparing(MessageSourceProvider::formatName, java.util.Comparator.reverseOrder()));
    }

    public Collection<String> names() {
        return byName.keySet();
    }
}
