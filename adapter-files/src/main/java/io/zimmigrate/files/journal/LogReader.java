package io.zimmigrate.files.journal;

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
            // The line's bytes: its checksum is checked on them and its text decoded once, after the checksum and
            // space (a dense line is ~40 KB: decoding it whole, cutting the text out and encoding it again for the
            // checksum was a third of the log's reading, P6).
            byte[] line = new byte[256];
            int length = 0;
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
                    line = append(line, length, chunk, from, i - from);
                    length += i - from;
                    from = i + 1;
                    number++;
                    if (number == 1) {
                        format = JournalLineFormat.checkHeader(new String(line, 0, length, StandardCharsets.UTF_8), log);
                    } else if (!sink.test(JournalLineFormat.verified(line, length, number, log))) {
                        return new Read(format, number, remaining == 0 && from == n);
                    }
                    length = 0;
                }
                line = append(line, length, chunk, from, n - from);
                length += n - from;
            }
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + log + ": " + FileJournal.reason(e), e);
        }
        return new Read(format, number, true);
    }

    /** {@code to} (holding {@code length} bytes) with {@code n} bytes of {@code from} at {@code at} after them, grown when full. */
    private static byte[] append(byte[] to, int length, byte[] from, int at, int n) {
        byte[] out = length + n <= to.length ? to : java.util.Arrays.copyOf(to, Math.max(2 * to.length, length + n));
        System.arraycopy(from, at, out, length, n);
        return out;
    }
}
