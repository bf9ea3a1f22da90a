package io.zimmigrate.files.slack;

import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.TextInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A Slack export as a tree of JSON files, whether it is the downloaded zip or the folder it unpacks to. Paths are
 * relative to the export's root (the level holding {@code users.json}), separated by '/'. The zip may wrap
 * everything in one top-level folder.
 */
abstract class SlackExport implements AutoCloseable {
    static final Pattern DAY_FILE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.json");
    static final List<String> USER_FILES = List.of("users.json", "org_users.json");

    /** How the user named the export (the zip or folder path), for messages. */
    final String shownAs;

    SlackExport(String shownAs) {
        this.shownAs = shownAs;
    }

    /** Opens {@code location}: a zip file or a folder. */
    static SlackExport open(String location) {
        Path path = Path.of(location);
        if (Files.isDirectory(path)) {
            return new Folder(path, location);
        }
        if (!Files.isRegularFile(path)) {
            throw new SourceException("cannot read the Slack export " + location + ": no such file or folder");
        }
        return new Zip(path, location);
    }

    /** Whether {@code location} looks like a Slack export (a folder or zip holding channels.json or users.json). */
    static boolean looksLikeOne(String location) {
        Path path = Path.of(location);
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve("channels.json"))
                    || USER_FILES.stream().anyMatch(f -> Files.isRegularFile(path.resolve(f)));
        }
        if (!Files.isRegularFile(path) || !location.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            return false;
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.stream().map(ZipEntry::getName).anyMatch(n -> n.endsWith("channels.json") || n.endsWith("users.json"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    abstract boolean has(String file);

    /** Opens a file of the export; {@link SourceException} naming it if it cannot be read. */
    abstract InputStream read(String file);

    /** Folder name → its day files ({@code YYYY-MM-DD.json}), both sorted. */
    abstract Map<String, List<String>> dayFilesByFolder();

    /** How a file of the export is named in messages: {@code export.zip!general/2024-11-19.json}. */
    abstract String shown(String file);

    @Override
    public abstract void close();

    private static final class Folder extends SlackExport {
        private final Path root;

        Folder(Path root, String shownAs) {
            super(shownAs);
            this.root = root;
        }

        @Override
        boolean has(String file) {
            return Files.isRegularFile(root.resolve(file));
        }

        @Override
        InputStream read(String file) {
            return TextInput.open(root.resolve(file), shown(file));
        }

        @Override
        Map<String, List<String>> dayFilesByFolder() {
            Map<String, List<String>> out = new TreeMap<>();
            try (Stream<Path> folders = Files.list(root)) {
                for (Path folder : (Iterable<Path>) folders.filter(Files::isDirectory)::iterator) {
                    List<String> days = new ArrayList<>();
                    try (Stream<Path> files = Files.list(folder)) {
                        files.map(f -> f.getFileName().toString()).filter(n -> DAY_FILE.matcher(n).matches()).forEach(days::add);
                    }
                    if (!days.isEmpty()) {
                        Collections.sort(days);
                        String name = folder.getFileName().toString();
                        out.put(name, days.stream().map(d -> name + "/" + d).toList());
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                throw new SourceException("cannot list the Slack export folder " + shownAs + ": " + e.getMessage(), e);
            }
            return out;
        }

        @Override
        String shown(String file) {
            return root.resolve(file).toString();
        }

        @Override
        public void close() {
            // nothing held open
        }
    }

    private static final class Zip extends SlackExport {
        private final ZipFile zip;
        private final String prefix;

        Zip(Path path, String shownAs) {
            super(shownAs);
            try {
                this.zip = new ZipFile(path.toFile());
            } catch (ZipException e) {
                throw new SourceException("cannot read the Slack export " + shownAs + ": it is not a complete zip file ("
                        + e.getMessage() + "); the download may have been cut short, so download it again", e);
            } catch (IOException e) {
                throw new SourceException("cannot read the Slack export " + shownAs + ": " + e.getMessage(), e);
            }
            this.prefix = findRoot();
        }

        /** The folder holding users.json or channels.json: "" or one wrapping folder such as "export/". */
        private String findRoot() {
            String best = null;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (base.equals("channels.json") || USER_FILES.contains(base)) {
                    String dir = name.substring(0, name.length() - base.length());
                    if (best == null || dir.length() < best.length()) {
                        best = dir;
                    }
                }
            }
            return best == null ? "" : best;
        }

        @Override
        boolean has(String file) {
            ZipEntry entry = zip.getEntry(prefix + file);
            return entry != null && !entry.isDirectory();
        }

        @Override
        InputStream read(String file) {
            ZipEntry entry = zip.getEntry(prefix + file);
            if (entry == null) {
                throw new SourceException("cannot read " + shown(file) + ": no such entry");
            }
            try {
                return zip.getInputStream(entry);
            } catch (IOException e) {
                throw new SourceException("cannot read " + shown(file) + ": " + e.getMessage(), e);
            }
        }

        @Override
        Map<String, List<String>> dayFilesByFolder() {
            Map<String, List<String>> out = new TreeMap<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(prefix)) {
                    continue;
                }
                String rel = name.substring(prefix.length());
                int slash = rel.indexOf('/');
                if (slash > 0 && slash == rel.lastIndexOf('/') && DAY_FILE.matcher(rel.substring(slash + 1)).matches()) {
                    out.computeIfAbsent(rel.substring(0, slash), k -> new ArrayList<>()).add(rel);
                }
            }
            out.values().forEach(Collections::sort);
            return out;
        }

        @Override
        String shown(String file) {
            return shownAs + "!" + prefix + file;
        }

        @Override
        public void close() {
            TextInput.closeQuietly(zip);
        }
    }

    /** The first of {@code files} the export has. */
    Optional<String> firstPresent(List<String> files) {
        return files.stream().filter(this::has).findFirst();
    }
}
