package io.zimmigrate.files.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Reads {@code journal.log}'s complete lines from its start, checking its header and every line's checksum as it
 * goes ({@link JournalLineFormat}): a line is given out only once checked. Kept apart from {@link FileJournal},
 * which owns the file, its lock and its tail.
 */
final class LogReader {
    /**
     * What a read found: the log's format (0: no header, an empty log), the lines it read (the header included) and
     * whether it read to the end (every complete line of the log checked).
     */
    record Read(int format, long lines, boolean whole) {}

    private LogReader() {}

    /** Feeds every line but the header, up to byte {@code end}, to {@code sink} while it returns true. */
    static Read read(Path log, long end, Predicate<String> sink) {
        long number = 0;
        int format = 0;
        try (InputStream in = Files.newInputStream(log)) {
            byte[] chunk = new byte[65536];
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long remaining = end; // never read the torn tail
            while (remaining > 0) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
                if (n < 0) {
                    break;
                }
                remaining -= n;
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    line.write(chunk, from, i - from);
                    from = i + 1;
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    number++;
                    if (number == 1) {
                        format = JournalLineFormat.checkHeader(text, log);
                    } else if (!sink.test(JournalLineFormat.verified(text, number, log))) {
                        return new Read(format, number, remaining == 0 && from == n);
                    }
                }
                line.write(chunk, from, n - from);
            }
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + log + ": " + FileJournal.reason(e), e);
        }
        return new Read(format, number, true);
    }
}
