package io.zimmigrate.files.idmap;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.zimmigrate.core.idmap.IdKind;
import io.zimmigrate.core.idmap.IdMapping;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The file {@code --id-map FILE} writes: CSV (RFC 4180, UTF-8) with the header {@code kind,source_id,zim_id} and
 * one row per ID that had to change; {@code kind} is {@code user} or {@code group}. IDs that were valid as they
 * were are not listed (they are used unchanged). Written to a temporary file and renamed, so a reader never
 * sees half a file.
 */
public final class IdMapFile {
    public static final List<String> HEADER = List.of("kind", "source_id", "zim_id");
    private static final CsvMapper CSV = new CsvMapper();

    private IdMapFile() {}

    /** Writes {@code mappings} to {@code file}, replacing it. */
    public static void write(Path file, List<IdMapping> mappings) {
        Path abs = file.toAbsolutePath();
        Path temp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
                 SequenceWriter rows = CSV.writerFor(List.class).with(CsvSchema.emptySchema()).writeValues(out)) {
                rows.write(HEADER);
                for (IdMapping m : mappings) {
                    rows.write(List.of(m.kind().label(), m.sourceId(), m.zimId()));
                }
            }
            Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ID map " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file {@link #write} wrote. */
    public static List<IdMapping> read(Path file) {
        List<IdMapping> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<List<String>> rows = CSV.readerForListOf(String.class).with(CsvSchema.emptySchema())
                     .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY).readValues(in)) {
            boolean header = true;
            while (rows.hasNextValue()) {
                List<String> row = rows.nextValue();
                if (header) {
                    header = false;
                    continue;
                }
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue;
                }
                out.add(new IdMapping(IdKind.valueOf(row.get(0).toUpperCase(Locale.ROOT)), row.get(1), row.get(2)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ID map " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
