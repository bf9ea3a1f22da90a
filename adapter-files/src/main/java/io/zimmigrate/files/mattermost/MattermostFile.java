package io.zimmigrate.files.mattermost;

import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.LineReader;
import io.zimmigrate.files.support.TextInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Where a Mattermost bulk-import file is: a {@code .jsonl} file, or the zip {@code mmctl export} writes with one
 * {@code .jsonl} file inside.
 */
final class MattermostFile {
    /**
     * Lines longer than this are refused ({@code record.too-long}) without being kept: one huge line cannot exhaust
     * memory. A post with its replies and attachments fits many times over; larger than JSON Lines' 1 MiB because
     * one Mattermost line can hold a whole thread.
     */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private MattermostFile() {}

    /** An open JSONL stream and how to name its lines in messages. */
    record Opened(LineReader lines, String shownAs, AutoCloseable holder) implements AutoCloseable {
        @Override
        public void close() {
            TextInput.closeQuietly(lines);
            TextInput.closeQuietly(holder);
        }
    }

    static void checkReadable(String location) {
        Path path = TextInput.existingFile(location, "a Mattermost JSONL file");
        if (isZip(location)) {
            try (ZipFile zip = openZip(path, location)) {
                jsonlEntry(zip, location);
            } catch (IOException e) {
                throw new SourceException("cannot read " + location + ": " + e.getMessage(), e);
            }
        }
    }

    static Opened open(String location) {
        Path path = TextInput.existingFile(location, "a Mattermost JSONL file");
        if (!isZip(location)) {
            return new Opened(new LineReader(TextInput.open(path, location), MAX_LINE_BYTES), location, null);
        }
        ZipFile zip = openZip(path, location);
        try {
            ZipEntry entry = jsonlEntry(zip, location);
            InputStream in = zip.getInputStream(entry);
            return new Opened(new LineReader(in, MAX_LINE_BYTES), location + "!" + entry.getName(), zip);
        } catch (IOException | RuntimeException e) {
            TextInput.closeQuietly(zip);
            if (e instanceof SourceException se) {
                throw se;
            }
            throw new SourceException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    /** Whether the first non-blank line of {@code location} is Mattermost's {@code version} line. */
    static boolean startsWithVersion(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".jsonl") || lower.endsWith(".json") || lower.endsWith(".zip")) || !Files.isRegularFile(Path.of(location))) {
            return false;
        }
        if (!isZip(location) && firstLineLongerThan(Path.of(location), VERSION_LINE_MAX)) {
            return false; // a version line is short; reading a longer first line (a minified JSON export) whole could exhaust memory
        }
        try (Opened opened = open(location)) {
            for (int i = 0; i < 5; i++) {
                LineReader lines = opened.lines();
                if (!lines.next() || lines.text() == null) {
                    return false;
                }
                if (!lines.text().isBlank()) {
                    return lines.text().replace(" ", "").contains("\"type\":\"version\"");
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** How long a first line recognition reads; Mattermost's version line is about 30 bytes. */
    static final int VERSION_LINE_MAX = 64 * 1024;

    private static boolean firstLineLongerThan(Path file, int max) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(max + 1);
            for (byte b : head) {
                if (b == '\n') {
                    return false;
                }
            }
            return head.length > max;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Where the export's attachment paths start, as a URI prefix a media fetcher opens: the folder of the
     * {@code .jsonl} inside the zip ({@code jar:file:/…/export.zip!/}), or the folder of a {@code .jsonl} file.
     */
    static String exportRoot(String location) {
        Path path = Path.of(location).toAbsolutePath().normalize();
        if (!isZip(location)) {
            return path.getParent().toUri().toString();
        }
        try (ZipFile zip = openZip(path, location)) {
            String entry = jsonlEntry(zip, location).getName();
            return "jar:" + path.toUri() + "!/" + entry.substring(0, entry.lastIndexOf('/') + 1);
        } catch (IOException e) {
            throw new SourceException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private static boolean isZip(String location) {
        return location.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    private static ZipFile openZip(Path path, String location) {
        try {
            return new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new SourceException("cannot read " + location + ": it is not a complete zip file (" + e.getMessage()
                    + "); the export may have been cut short", e);
        } catch (IOException e) {
            throw new SourceException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private static ZipEntry jsonlEntry(ZipFile zip, String location) {
        List<? extends ZipEntry> found = zip.stream()
                .filter(e -> !e.isDirectory() && e.getName().toLowerCase(Locale.ROOT).endsWith(".jsonl")).toList();
        if (found.size() != 1) {
            throw new SourceException(location + " must hold exactly one .jsonl file, but holds " + found.size());
        }
        return found.get(0);
    }
}
