package io.zimmigrate.core.media;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Names objects in the store: {@code HASH/NAME}, where {@code HASH} is 24 hex digits of the SHA-256 of the
 * source reference (the URL or path the export holds) and {@code NAME} a readable, sanitised file name. The key
 * depends only on the source reference, so the same file shared in two messages (or found again by a resumed
 * run) is the same object, stored once; and a key can be computed while reading, before anything is copied.
 */
public final class MediaKeys {

    /** Enough hex digits that two files never meet (96 bits), few enough to leave room for the name. */
    static final int HASH_DIGITS = 24;
    /** A name is cut to this many characters so keys stay short under any URL base. */
    static final int MAX_NAME = 80;

    private MediaKeys() {
    }

    /**
     * The key for a source reference.
     *
     * @param fileName  the name the message gives ({@code FileName}), or null to take the reference's last path
     *                  segment
     * @param maxLength the most characters the key may have (the URL limit minus the base); at least
     *                  {@link #minimumLength()}
     */
    public static String keyFor(String source, String fileName, int maxLength) {
        if (maxLength < minimumLength()) {
            throw new IllegalArgumentException("a key needs at least " + minimumLength() + " characters, not " + maxLength);
        }
        String hash = Hashing.sha256().hashString(source, StandardCharsets.UTF_8).toString().substring(0, HASH_DIGITS);
        String name = sanitise(fileName == null || fileName.isBlank() ? lastSegment(source) : fileName);
        int room = Math.min(MAX_NAME, maxLength - HASH_DIGITS - 1);
        return hash + "/" + shorten(name, room);
    }

    /** The shortest key: the hash, a slash and a one-character name. */
    public static int minimumLength() {
        return HASH_DIGITS + 2;
    }

    /** Letters, digits, dot, dash and underscore only: safe in a URL path, a file name and an S3 key alike. */
    static String sanitise(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        return cleaned.isEmpty() ? "file" : cleaned;
    }

    /** Keeps the extension when cutting, so the store and browsers still see the type. */
    private static String shorten(String name, int room) {
        if (name.length() <= room) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
        if (ext.length() >= room) {
            return name.substring(0, room);
        }
        return name.substring(0, room - ext.length()) + ext;
    }

    private static String lastSegment(String source) {
        String path = source;
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
