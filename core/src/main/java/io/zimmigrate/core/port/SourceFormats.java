package io.zimmigrate.core.port;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The installed source formats: every {@link MessageSourceProvider} that {@link ServiceLoader} finds, chosen
 * by name ({@code --format NAME}) or, without a name, by the one that {@link MessageSourceProvider#recognises}
 * the location. Errors are {@link SourceException}s that list the known formats, for the user as they are.
 */
public final class SourceFormats {
    private final List<MessageSourceProvider> providers;

    private SourceFormats(List<MessageSourceProvider> providers) {
        List<MessageSourceProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(p -> p.formatName().toLowerCase(Locale.ROOT)));
        this.providers = List.copyOf(sorted);
    }

    /** Every provider visible to the thread's context class loader (or this class's loader). */
    public static SourceFormats installed() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return installed(loader != null ? loader : SourceFormats.class.getClassLoader());
    }

    /** Every provider visible to {@code loader}. */
    public static SourceFormats installed(ClassLoader loader) {
        List<MessageSourceProvider> found = new ArrayList<>();
        ServiceLoader.load(MessageSourceProvider.class, loader).forEach(found::add);
        return new SourceFormats(found);
    }

    /** Exactly these providers (for embedders that wire sources by hand, and for tests). */
    public static SourceFormats of(List<MessageSourceProvider> providers) {
        return new SourceFormats(providers);
    }

    /** The providers, sorted by format name. */
    public List<MessageSourceProvider> providers() {
        return providers;
    }

    /** The format names, sorted. */
    public List<String> names() {
        return providers.stream().map(MessageSourceProvider::formatName).collect(Collectors.toList());
    }

    /** The provider named {@code format} (case-insensitive), if installed. */
    public Optional<MessageSourceProvider> byName(String format) {
        return providers.stream().filter(p -> p.formatName().equalsIgnoreCase(format)).findFirst();
    }

    /**
     * The provider for {@code location}: the one named {@code formatOrNull}, or the one that recognises it.
     *
     * @throws SourceException if the name is unknown, or no provider (or more than one, equally sure) recognises it
     */
    public MessageSourceProvider choose(String location, String formatOrNull) {
        if (formatOrNull != null && !formatOrNull.isBlank()) {
            return byName(formatOrNull.trim()).orElseThrow(() -> new SourceException(
                    "unknown format '" + formatOrNull.trim() + "'; known formats: " + known()));
        }
        List<MessageSourceProvider> candidates = new ArrayList<>();
        for (MessageSourceProvider p : providers) {
            if (recognises(p, location)) {
                candidates.add(p);
            }
        }
        if (candidates.isEmpty()) {
            throw new SourceException("cannot tell the format of " + location
                    + " from its name or content; choose one with --format: " + known());
        }
        int best = candidates.stream().mapToInt(MessageSourceProvider::recognitionPrecedence).max().getAsInt();
        candidates.removeIf(p -> p.recognitionPrecedence() != best);
        if (candidates.size() > 1) {
            throw new SourceException(location + " could be read as several formats ("
                    + candidates.stream().map(MessageSourceProvider::formatName).collect(Collectors.joining(", "))
                    + "); choose one with --format");
        }
        return candidates.get(0);
    }

    /** Opens {@code location} with the chosen provider and {@code options}. */
    public MessageSource open(String location, String formatOrNull, Map<String, String> options) {
        return choose(location, formatOrNull).open(location, options == null ? Map.of() : options);
    }

    /** One line per format, for {@code --help}: name and description. */
    public String describe() {
        return providers.stream().map(p -> p.formatName() + "  " + p.description()).collect(Collectors.joining("\n"));
    }

    private String known() {
        return providers.isEmpty() ? "(none installed)" : String.join(", ", names());
    }

    /** A provider whose recognition throws must not break the choice among the others. */
    private static boolean recognises(MessageSourceProvider p, String location) {
        try {
            return p.recognises(location);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
