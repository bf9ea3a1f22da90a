package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.PlanStore;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one file in the {@link PlanFileFormat}: the head with the header as it is made, the messages with the
 * offset of every {@value PlanFileFormat#CHECKPOINT}th, then the footer and the trailer, forced to disk. The caller
 * renames or names it once {@link #finish} returned; {@link #abandon} deletes it.
 */
final class PlanFileWriter {
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final DataOutputStream out;
    private long count;
    private long position;
    private long[] checkpoints = new long[64];

    PlanFileWriter(Path file, long headerLength, PlanStore.HeaderWriter header) {
        this.file = file;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new JournalException("cannot write the kept plan " + file + ": " + e.getMessage(), e);
        }
        out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER));
        try {
            position = PlanFileFormat.writeHead(out, headerLength, header);
        } catch (IOException e) {
            abandon();
            throw new JournalException("cannot write the kept plan " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    long count() {
        return count;
    }

    void write(byte[] record) {
        try {
            if (count % PlanFileFormat.CHECKPOINT == 0) {
                int i = (int) (count / PlanFileFormat.CHECKPOINT);
                if (i == checkpoints.length) {
                    checkpoints = java.util.Arrays.copyOf(checkpoints, i * 2);
                }
                checkpoints[i] = position;
            }
            position += PlanFileFormat.writeRecord(out, record);
            count++;
        } catch (IOException e) {
            throw new JournalException("cannot write the kept plan " + file + " (disk full?): " + e.getMessage(), e);
        }
    }

    /** Writes the footer and the trailer and makes the file durable (not its name: the caller syncs the directory). */
    void finish(byte[] footer) {
        try {
            PlanFileFormat.writeTail(out, footer, checkpoints, count);
            out.flush();
            channel.force(true);
            out.close();
        } catch (IOException e) {
            abandon();
            throw new JournalException("cannot keep the plan in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes and deletes the file, quietly: a left-over one is overwritten or dropped later. */
    void abandon() {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing useful to do on close
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // dropped by the next draft or tidy
        }
    }
}
