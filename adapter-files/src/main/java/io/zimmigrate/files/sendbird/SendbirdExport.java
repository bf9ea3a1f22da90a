package io.zimmigrate.files.sendbird;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.FileIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The files of a Sendbird data export, found under what the user gave (a JSON file, a downloaded zip, or a folder
 * holding JSON files and zips) and told apart by their content, never by their names: a file whose first record
 * has a {@code message_id} is a messages export, one whose first record has a {@code channel_url} (and no
 * {@code message_id}) a channels export, one with a {@code user_id} a users export (not needed, not read).
 */
final class SendbirdExport {
    /** Folders are searched this deep: the unpacked zip may wrap its files in a folder or two. */
    private static final int MAX_DEPTH = 4;
    /** Recognising a format must stay cheap, even for a folder of thousands of unrelated JSON files. */
    private static final int RECOGNITION_PEEKS = 64;

    enum Kind { MESSAGES, CHANNELS, USERS, EMPTY, UNKNOWN }

    /** A file of the export, what its content says it is, and (for {@link Kind#UNKNOWN}) why. */
    record Classified(SendbirdDocument document, Kind kind, String why) {}

    private final List<Classified> files;
    private final List<String> csvFiles;
    private final Set<Path> physical;

    private SendbirdExport(List<Classified> files, List<String> csvFiles, Set<Path> physical) {
        this.files = files;
        this.csvFiles = csvFiles;
        this.physical = physical;
    }

    /** Finds and classifies every JSON file under {@code location}; {@link SourceException} if there is nothing to read. */
    static SendbirdExport find(String location) {
        Found found = documents(location);
        List<Classified> classified = found.documents().stream().map(SendbirdExport::classify).toList();
        return new SendbirdExport(classified, found.csv(), found.physical());
    }

    /** Whether {@code location} holds a Sendbird messages export (JSON), looking at a bounded number of files. */
    static boolean looksLikeOne(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        Path path = Path.of(location);
        if (!Files.isDirectory(path) && !(Files.isRegularFile(path) && (lower.endsWith(".json") || lower.endsWith(".zip")))) {
            return false;
        }
        try {
            return documents(location).documents().stream().limit(RECOGNITION_PEEKS)
                    .anyMatch(d -> classify(d).kind() == Kind.MESSAGES);
        } catch (RuntimeException e) {
            return false;
        }
    }

    List<Classified> files() {
        return files;
    }

    List<SendbirdDocument> of(Kind kind) {
        return files.stream().filter(c -> c.kind() == kind).map(Classified::document).toList();
    }

    /** The CSV files seen: Sendbird's CSV layout is not documented, so they are not read (docs/sources.md). */
    List<String> csvFiles() {
        return csvFiles;
    }

    /** Path, size, modification time and ends of every file on disk read or reported (JSON and CSV files, the zips holding them). */
    Optional<String> identity() {
        StringBuilder out = new StringBuilder("sendbird");
        for (Path p : physical) {
            Optional<String> one = FileIdentity.of(p);
            if (one.isEmpty()) {
                return Optional.empty();
            }
            out.append("||").append(one.get());
        }
        return Optional.of(out.toString());
    }

    static Classified classify(SendbirdDocument document) {
        try (SendbirdRecords records = SendbirdRecords.open(document)) {
            for (SendbirdRecords.Item item = records.next(); item != null; item = records.next()) {
                if (item instanceof SendbirdRecords.Entry e) {
                    return new Classified(document, kindOf(e.node()), "its first record has neither message_id, "
                            + "channel_url nor user_id, so it is no Sendbird messages, channels or users export");
                }
                SendbirdRecords.Problem p = (SendbirdRecords.Problem) item;
                if (p.last()) {
                    return new Classified(document, Kind.UNKNOWN, p.message());
                }
            }
            return new Classified(document, Kind.EMPTY, "holds no records");
        }
    }

    private static Kind kindOf(JsonNode first) {
        if (first.has("message_id")) {
            return Kind.MESSAGES;
        }
        if (first.has("channel_url")) {
            return Kind.CHANNELS;
        }
        return first.has("user_id") ? Kind.USERS : Kind.UNKNOWN;
    }

    private record Found(List<SendbirdDocument> documents, List<String> csv, Set<Path> physical) {}

    private static Found documents(String location) {
        Path path = Path.of(location);
        List<SendbirdDocument> docs = new ArrayList<>();
        List<String> csv = new ArrayList<>();
        Set<Path> physical = new LinkedHashSet<>();
        if (Files.isDirectory(path)) {
            List<Path> found;
            try (Stream<Path> walk = Files.walk(path, MAX_DEPTH)) {
                found = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
            } catch (IOException | UncheckedIOException e) {
                throw new SourceException("cannot list the Sendbird export folder " + location + ": " + e.getMessage(), e);
            }
            for (Path f : found) {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".json")) {
                    docs.add(SendbirdDocument.plain(f, f.toString()));
                    physical.add(f);
                } else if (name.endsWith(".zip")) {
                    zipEntries(f, f.toString(), docs, csv, physical);
                } else if (name.endsWith(".csv")) {
                    csv.add(f.toString());
                    physical.add(f); // reported, so a new CSV file changes what a pass yields
                }
            }
        } else if (Files.isRegularFile(path)) {
            if (location.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                zipEntries(path, location, docs, csv, physical);
            } else {
                docs.add(SendbirdDocument.plain(path, location));
                physical.add(path);
            }
        } else {
            throw new SourceException("cannot read the Sendbird export " + location + ": no such file or folder");
        }
        return new Found(docs, csv, physical);
    }

    private static void zipEntries(Path zip, String shownAs, List<SendbirdDocument> docs, List<String> csv, Set<Path> physical) {
        try (ZipFile z = SendbirdDocument.openZip(zip, shownAs)) {
            List<String> names = z.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName)
                    .filter(n -> !n.startsWith("__MACOSX/")).sorted().toList();
            for (String n : names) {
                String lower = n.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".json")) {
                    docs.add(SendbirdDocument.inZip(zip, shownAs, n));
                } else if (lower.endsWith(".csv")) {
                    csv.add(shownAs + "!" + n);
                }
            }
            physical.add(zip);
        } catch (IOException e) {
            throw new SourceException("cannot read the Sendbird export " + shownAs + ": " + e.getMessage(), e);
        }
    }
}
