package io.zimmigrate.files.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The new log of a {@link FileJournal#rewrite}, written to a temporary file before it is renamed over the log: the
 * header of the current format, then the lines a batch at a time, each batch bounded by its lines and by its text
 * (a compaction's lines are made as they are read, so the new log never sits in memory whole), then synced.
 */
final class RewriteFile {
    /** Lines encoded and written at a time: about 0.5 MB of a compact log. */
    static final int REWRITE_BATCH_LINES = 4096;
    /** Characters of text encoded and written at a time, whatever the lines' number. */
    static final long REWRITE_BATCH_CHARS = 1L << 20;

    private RewriteFile() {}

    /** Writes {@code lines} after the header to {@code temp} (made or emptied), synced; returns the lines written but the header. */
    static long write(Path temp, Iterable<String> lines) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            List<String> batch = new ArrayList<>(REWRITE_BATCH_LINES);
            batch.add(JournalLineFormat.HEADER_TEXT + FileJournal.FORMAT);
            long number = 1;
            long chars = 0;
            for (String line : lines) {
                batch.add(line);
                chars += line.length();
                // Dense lines are ~40 KB each: a batch is bounded by its text too, not only by its lines.
                if (batch.size() == REWRITE_BATCH_LINES || chars >= REWRITE_BATCH_CHARS) {
                    writeFully(ch, JournalLineFormat.encode(batch, number));
                    number += batch.size();
                    batch.clear();
                    chars = 0;
                }
            }
            writeFully(ch, JournalLineFormat.encode(batch, number));
            ch.force(true);
            return number - 1 + batch.size();
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            ch.write(bytes);
        }
    }
}
