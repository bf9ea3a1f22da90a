package io.zimmigrate.core.media;

import io.zimmigrate.core.rules.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The public URL under which the store's objects are served ({@code --media-url-base}): ZIM holds
 * {@code base + key}. Keys are ASCII-only ({@link MediaKeys}), so the URL needs no escaping and its length in
 * bytes is its length in characters; what is left of ZIM's 500-byte URL limit after the base is the key's room.
 */
public final class MediaUrlBase {

    private final String base;

    private MediaUrlBase(String base) {
        this.base = base;
    }

    /**
     * Checks and normalises a base: an absolute http(s) URL, ending in a slash (added when missing), short enough
     * to leave room for a key.
     *
     * @throws IllegalArgumentException with one line for the user when it is not usable
     */
    public static MediaUrlBase of(String base) {
        Objects.requireNonNull(base, "base");
        if (!(base.startsWith("https://") || base.startsWith("http://")) || base.length() <= "https://".length()) {
            throw new IllegalArgumentException("the media URL base must be an http(s) URL, such as https://cdn.example.com/chat/");
        }
        if (base.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
            throw new IllegalArgumentException("the media URL base must have no spaces, query or fragment");
        }
        String normalised = base.endsWith("/") ? base : base + "/";
        int room = Limits.URL - normalised.getBytes(StandardCharsets.UTF_8).length;
        if (room < MediaKeys.minimumLength()) {
            throw new IllegalArgumentException("the media URL base is too long: ZIM takes URLs of at most " + Limits.URL
                    + " bytes and a key needs " + MediaKeys.minimumLength());
        }
        return new MediaUrlBase(normalised);
    }

    /** The longest key that still fits ZIM's URL limit under this base. */
    public int keyRoom() {
        return Limits.URL - base.getBytes(StandardCharsets.UTF_8).length;
    }

    public String urlOf(String key) {
        return base + key;
    }

    @Override
    public String toString() {
        return base;
    }
}
