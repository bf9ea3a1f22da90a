package io.zimmigrate.bench;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * Canonical JSON Lines read line by line, each record named {@code name:line} like the product's JSONL source
 * names it, so a plan made here has the same fingerprint as the one {@code zim-migrate run} makes of the same
 * file given by the same name.
 */
final class LinesSource implements MessageSource {
    private final Path path;
    private final String name;

    LinesSource(Path path, String name) {
        this.path = path;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RecordStream open() {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SourceException(name + ": cannot be opened: " + e.getMessage(), e);
        }
        return new RecordStream() {
            private String next = read();
            private long line = next == null ? 0 : 1;

            private String read() {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public SourceRecord next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                SourceRecord r = CanonicalRecords.decode(next, Locator.line(name, line));
                next = read();
                line++;
                return r;
            }

            @Override
            public void close() {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // read-only file: nothing to lose
                }
            }
        };
    }
}
