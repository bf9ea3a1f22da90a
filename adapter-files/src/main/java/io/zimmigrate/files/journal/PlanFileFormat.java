package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.PlanStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * How {@code plan.bin} looks on disk: a magic number, the format and the plan's header behind its CRC-32C; each
 * message as its length, its CRC-32C and its bytes; the footer; the file offset of every {@value #CHECKPOINT}th
 * message; then a fixed-size trailer (footer length, footer CRC, checkpoints CRC, checkpoint count, message count,
 * end magic). Kept apart from {@link FilePlanStore}, which owns the file, its atomic replacement and its readers.
 */
final class PlanFileFormat {
    /** The file's format: 2 added this version number and the checkpoints' CRC. */
    static final int FORMAT = 2;
    static final int CHECKPOINT = 1024;
    private static final int MAGIC = 0x5A4D5046; // "ZMPF", then the format
    private static final int FORMAT_1_MAGIC = 0x5A4D5053; // "ZMPS": format 1 had no version number
    private static final int END_MAGIC = 0x5A4D5045; // "ZMPE"
    /** magic, format, header length. */
    private static final int HEAD_BYTES = 4 + 4 + 4;
    /** footer length, footer CRC, checkpoints CRC, checkpoint count, message count, end magic. */
    private static final int TRAILER_BYTES = 4 + 4 + 4 + 4 + 8 + 4;

    private PlanFileFormat() {}

    /** What the file's head and tail say: where the messages end and where every checkpoint starts. */
    record Layout(long headerFrom, int headerLength, int headerCrc, byte[] footer, long[] checkpoints, long count,
                  long recordsTo) {}

    /**
     * The layout of a plan file, or empty when it is truncated or its head, footer or checkpoints fail their checks
     * (the run then plans again); a file of another format is refused, naming it ({@link JournalFormatException}).
     */
    static Optional<Layout> read(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size >= 8) {
            checkFormat(readFully(ch, 0, 8), file);
        }
        if (size < HEAD_BYTES + 4 + TRAILER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer trailer = readFully(ch, size - TRAILER_BYTES, TRAILER_BYTES);
        int footerLength = trailer.getInt();
        int footerCrc = trailer.getInt();
        int checkpointsCrc = trailer.getInt();
        int checkpointCount = trailer.getInt();
        long count = trailer.getLong();
        if (trailer.getInt() != END_MAGIC || count < 0 || footerLength < 0 || checkpointCount < 0
                || checkpointCount != (count + CHECKPOINT - 1) / CHECKPOINT) {
            return Optional.empty();
        }
        long checkpointsFrom = size - TRAILER_BYTES - 8L * checkpointCount;
        long recordsTo = checkpointsFrom - footerLength;
        ByteBuffer head = readFully(ch, 0, HEAD_BYTES);
        if (head.getInt() != MAGIC) {
            return Optional.empty();
        }
        head.getInt(); // the format, checked above
        int headerLength = head.getInt();
        long recordsFrom = (long) HEAD_BYTES + headerLength + 4;
        if (headerLength < 0 || recordsFrom > recordsTo) {
            return Optional.empty();
        }
        // The header is checked a buffer at a time, never held whole: with millions of timelines it is a hundred MB,
        // and the kept plan's reader builds its tables while it streams it (issue #13).
        int headerCrc = readFully(ch, HEAD_BYTES + (long) headerLength, 4).getInt();
        byte[] footer = new byte[footerLength];
        readFully(ch, recordsTo, footerLength).get(footer);
        if (headerCrc != crcOf(ch, HEAD_BYTES, headerLength) || footerCrc != crc(footer, 0, footerLength)) {
            return Optional.empty();
        }
        ByteBuffer c = readFully(ch, checkpointsFrom, 8 * checkpointCount);
        if (crc(c.array(), 0, 8 * checkpointCount) != checkpointsCrc) {
            return Optional.empty(); // an index that points anywhere is never used: the run plans again
        }
        long[] checkpoints = new long[checkpointCount];
        for (int i = 0; i < checkpointCount; i++) {
            checkpoints[i] = c.getLong();
            if (checkpoints[i] < recordsFrom || checkpoints[i] > recordsTo) {
                return Optional.empty();
            }
        }
        return Optional.of(new Layout(HEAD_BYTES, headerLength, headerCrc, footer, checkpoints, count, recordsTo));
    }

    /** Refuses a plan file of another format, naming it, rather than read it by this format's rules. */
    private static void checkFormat(ByteBuffer head, Path file) {
        int magic = head.getInt();
        int format = magic == FORMAT_1_MAGIC ? 1 : magic == MAGIC ? head.getInt() : FORMAT;
        if (format != FORMAT) {
            throw new JournalFormatException("the kept plan " + file + " is in plan file format " + format + " ("
                    + (format < FORMAT ? "an older" : "a newer") + " zim-migrate); this zim-migrate reads format "
                    + FORMAT + " only");
        }
    }

    /** Writes the head; returns the file offset of the first message. */
    static long writeHead(DataOutputStream out, long length, PlanStore.HeaderWriter header) throws IOException {
        if (length < 0 || length > Integer.MAX_VALUE - 16) {
            throw new IOException("a plan header of " + length + " bytes cannot be kept");
        }
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt((int) length);
        CRC32C crc = new CRC32C();
        long[] written = {0};
        header.writeTo(new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                crc.update(b);
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                crc.update(b, off, len);
                written[0] += len;
            }

            @Override
            public void close() throws IOException {
                flush(); // the file's stream stays open for the messages
            }
        });
        if (written[0] != length) {
            throw new IOException("the plan header took " + written[0] + " bytes, not the " + length + " announced");
        }
        out.writeInt((int) crc.getValue());
        return (long) HEAD_BYTES + length + 4;
    }

    /** Writes one message; returns the bytes it took. */
    static long writeRecord(DataOutputStream out, byte[] record) throws IOException {
        out.writeInt(record.length);
        out.writeInt(crc(record, 0, record.length));
        out.write(record);
        return 8L + record.length;
    }

    /** Writes the footer, the first {@code count}'s checkpoints and the trailer. */
    static void writeTail(DataOutputStream out, byte[] footer, long[] checkpoints, long count) throws IOException {
        out.write(footer);
        int checkpointCount = (int) ((count + CHECKPOINT - 1) / CHECKPOINT);
        ByteBuffer index = ByteBuffer.allocate(8 * checkpointCount);
        for (int i = 0; i < checkpointCount; i++) {
            index.putLong(checkpoints[i]);
        }
        out.write(index.array());
        out.writeInt(footer.length);
        out.writeInt(crc(footer, 0, footer.length));
        out.writeInt(crc(index.array(), 0, index.capacity()));
        out.writeInt(checkpointCount);
        out.writeLong(count);
        out.writeInt(END_MAGIC);
    }

    /**
     * Reads message number {@code number} (from 1), at most {@code room} bytes with its length and CRC, checking
     * its CRC; an IOException says what is wrong with it.
     */
    static byte[] readRecord(DataInputStream in, long number, long room) throws IOException {
        int length = in.readInt();
        int crc = in.readInt();
        if (length < 0 || 8L + length > room) {
            throw new IOException("message " + number + " has a damaged length");
        }
        byte[] record = new byte[length];
        in.readFully(record);
        if (crc(record, 0, length) != crc) {
            throw new IOException("message " + number + " fails its checksum");
        }
        return record;
    }

    /** The CRC-32C of {@code length} bytes of the file from {@code at}, read a buffer at a time. */
    private static int crcOf(FileChannel ch, long at, int length) throws IOException {
        CRC32C c = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long done = 0;
        while (done < length) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - done));
            int n = ch.read(buf, at + done);
            if (n < 0) {
                throw new EOFException();
            }
            buf.flip();
            c.update(buf);
            done += n;
        }
        return (int) c.getValue();
    }

    static int crc(byte[] b, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(b, from, length);
        return (int) c.getValue();
    }

    private static ByteBuffer readFully(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) {
                throw new EOFException();
            }
        }
        return buf.flip();
    }
}
