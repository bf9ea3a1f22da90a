package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The {@link PlanStore} kept in a journal directory, as {@value #PLAN_FILE}: a magic number and the file's
 * {@link #FORMAT} (a file of another format is refused naming it, {@link JournalFormatException}), the plan's header, each message with
 * its length and a CRC-32C, the footer, the file offset of every {@value #CHECKPOINT}th message (so a resume seeks
 * to where it starts instead of reading through a million messages; with its own CRC-32C), then a fixed-size trailer. Use it while the directory's
 * {@link FileJournal} is open: the journal's lock keeps other runs out of this file too.
 *
 * <p>Replacing it writes {@value #TEMP_FILE}, syncs it, renames it over {@value #PLAN_FILE} atomically and syncs the
 * directory, so a crash leaves the old plan or the new one; a left-over temporary file is ignored and overwritten.
 * A plan file that is truncated or whose header fails its checksum is treated as absent (the run plans again); a
 * message that fails its checksum while a run reads it stops that run with a message that says to delete the file.
 * Deleting {@value #PLAN_FILE} is always safe: the next run plans the input in full and keeps a new one.
 */
public final class FilePlanStore implements PlanStore {
    public static final String PLAN_FILE = "plan.bin";
    static final String TEMP_FILE = "plan.bin.tmp";
    /** The file's format: 2 added this version number and the checkpoints' CRC. */
    public static final int FORMAT = 2;
    private static final int MAGIC = 0x5A4D5046; // "ZMPF", then the format
    private static final int FORMAT_1_MAGIC = 0x5A4D5053; // "ZMPS": format 1 had no version number
    private static final int END_MAGIC = 0x5A4D5045; // "ZMPE"
    /** magic, format, header length. */
    private static final int HEAD_BYTES = 4 + 4 + 4;
    /** footer length, footer CRC, checkpoints CRC, checkpoint count, message count, end magic. */
    private static final int TRAILER_BYTES = 4 + 4 + 4 + 4 + 8 + 4;
    static final int CHECKPOINT = 1024;
    private static final int BUFFER = 1 << 16;

    private final Path dir;
    private final Path file;

    private FilePlanStore(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(PLAN_FILE);
    }

    /** The plan store of the journal directory {@code dir} (which must exist). */
    public static FilePlanStore in(Path dir) {
        return new FilePlanStore(dir.toAbsolutePath().normalize());
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<Stored> find() {
        long size;
        byte[] header;
        byte[] footer;
        long[] checkpoints;
        long count;
        long recordsTo;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            if (size >= 8) {
                checkFormat(readFully(ch, 0, 8));
            }
            if (size < HEAD_BYTES + 4 + TRAILER_BYTES) {
                return Optional.empty();
            }
            ByteBuffer trailer = readFully(ch, size - TRAILER_BYTES, TRAILER_BYTES);
            int footerLength = trailer.getInt();
            int footerCrc = trailer.getInt();
            int checkpointsCrc = trailer.getInt();
            int checkpointCount = trailer.getInt();
            count = trailer.getLong();
            if (trailer.getInt() != END_MAGIC || count < 0 || footerLength < 0 || checkpointCount < 0
                    || checkpointCount != (count + CHECKPOINT - 1) / CHECKPOINT) {
                return Optional.empty();
            }
            long checkpointsFrom = size - TRAILER_BYTES - 8L * checkpointCount;
            recordsTo = checkpointsFrom - footerLength;
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
            ByteBuffer h = readFully(ch, HEAD_BYTES, headerLength + 4);
            header = new byte[headerLength];
            h.get(header);
            footer = new byte[footerLength];
            readFully(ch, recordsTo, footerLength).get(footer);
            if (h.getInt() != crc(header, 0, headerLength) || footerCrc != crc(footer, 0, footerLength)) {
                return Optional.empty();
            }
            ByteBuffer c = readFully(ch, checkpointsFrom, 8 * checkpointCount);
            if (crc(c.array(), 0, 8 * checkpointCount) != checkpointsCrc) {
                return Optional.empty(); // an index that points anywhere is never used: the run plans again
            }
            checkpoints = new long[checkpointCount];
            for (int i = 0; i < checkpointCount; i++) {
                checkpoints[i] = c.getLong();
                if (checkpoints[i] < recordsFrom || checkpoints[i] > recordsTo) {
                    return Optional.empty();
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JournalException("cannot read the kept plan " + file + ": " + e.getMessage(), e);
        }
        long end = recordsTo;
        ScratchSpace.Run run = new ScratchSpace.Run() {
            @Override
            public long size() {
                return count;
            }

            @Override
            public ScratchSpace.RunReader read() {
                return read(0);
            }

            @Override
            public ScratchSpace.RunReader read(long from) {
                if (from >= count) {
                    return new Reader(end, end, count, count);
                }
                int checkpoint = (int) (from / CHECKPOINT);
                Reader r = new Reader(checkpoints[checkpoint], end, (long) checkpoint * CHECKPOINT, count);
                for (long i = (long) checkpoint * CHECKPOINT; i < from; i++) {
                    r.next();
                }
                return r;
            }
        };
        return Optional.of(new Stored() {
            @Override
            public byte[] header() {
                return header.clone();
            }

            @Override
            public byte[] footer() {
                return footer.clone();
            }

            @Override
            public ScratchSpace.Run messages() {
                return run;
            }
        });
    }

    /** Refuses a plan file of another format, naming it, rather than read it by this format's rules. */
    private void checkFormat(ByteBuffer head) {
        int magic = head.getInt();
        int format = magic == FORMAT_1_MAGIC ? 1 : magic == MAGIC ? head.getInt() : FORMAT;
        if (format != FORMAT) {
            throw new JournalFormatException("the kept plan " + file + " is in plan file format " + format + " ("
                    + (format < FORMAT ? "an older" : "a newer") + " zim-migrate); this zim-migrate reads format "
                    + FORMAT + " only");
        }
    }

    @Override
    public Draft draft(byte[] header) {
        Path temp = dir.resolve(TEMP_FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new JournalException("cannot write the kept plan " + temp + ": " + e.getMessage(), e);
        }
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER));
        try {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(header.length);
            out.write(header);
            out.writeInt(crc(header, 0, header.length));
        } catch (IOException e) {
            closeQuietly(out);
            deleteQuietly(temp);
            throw new JournalException("cannot write the kept plan " + temp + ": " + e.getMessage(), e);
        }
        return new Draft() {
            private long count;
            private long position = (long) HEAD_BYTES + header.length + 4;
            private long[] checkpoints = new long[64];
            private boolean done;

            @Override
            public void write(byte[] record) {
                try {
                    if (count % CHECKPOINT == 0) {
                        int i = (int) (count / CHECKPOINT);
                        if (i == checkpoints.length) {
                            checkpoints = java.util.Arrays.copyOf(checkpoints, i * 2);
                        }
                        checkpoints[i] = position;
                    }
                    position += 8L + record.length;
                    out.writeInt(record.length);
                    out.writeInt(crc(record, 0, record.length));
                    out.write(record);
                    count++;
                } catch (IOException e) {
                    throw new JournalException("cannot write the kept plan " + temp + " (disk full?): " + e.getMessage(), e);
                }
            }

            @Override
            public void commit(byte[] footer) {
                try {
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
                    out.flush();
                    ch.force(true);
                    out.close();
                    done = true;
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    DirectorySync.force(dir);
                } catch (IOException e) {
                    throw new JournalException("cannot keep the plan in " + file + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                if (!done) {
                    closeQuietly(out);
                    deleteQuietly(temp);
                    done = true;
                }
            }
        };
    }

    @Override
    public void discard() {
        try {
            if (Files.deleteIfExists(file)) {
                DirectorySync.force(dir);
            }
        } catch (IOException e) {
            throw new JournalException("cannot delete the kept plan " + file + ": " + e.getMessage(), e);
        }
    }

    /** Streams the messages, checking each one's CRC; a damaged one stops the run rather than send wrong data. */
    private final class Reader implements ScratchSpace.RunReader {
        private final DataInputStream in;
        private final long count;
        private final long to;
        private long position;
        private long read;
        private byte[] next;

        Reader(long from, long to, long firstRecord, long count) {
            this.count = count;
            this.to = to;
            this.position = from;
            this.read = firstRecord;
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ch.position(from);
                in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), BUFFER));
            } catch (IOException e) {
                throw new JournalException("cannot read the kept plan " + file + ": " + e.getMessage(), e);
            }
            advance();
        }

        private void advance() {
            if (read == count) {
                next = null;
                if (position != to) {
                    throw damaged("it holds more than its " + count + " messages");
                }
                return;
            }
            try {
                int length = in.readInt();
                int crc = in.readInt();
                position += 8L + length;
                if (length < 0 || position > to) {
                    throw new IOException("message " + (read + 1) + " has a damaged length");
                }
                byte[] record = new byte[length];
                in.readFully(record);
                if (crc(record, 0, length) != crc) {
                    throw new IOException("message " + (read + 1) + " fails its checksum");
                }
                next = record;
                read++;
            } catch (EOFException e) {
                throw damaged("it ends early");
            } catch (IOException e) {
                throw damaged(e.getMessage());
            }
        }

        private JournalException damaged(String why) {
            return new JournalException("the kept plan " + file + " is damaged (" + why + "); nothing wrong was sent. "
                    + "Delete that file and run the same command again: the input is then planned again");
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public byte[] next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            byte[] current = next;
            advance();
            return current;
        }

        @Override
        public void close() {
            closeQuietly(in);
        }
    }

    private static int crc(byte[] b, int from, int length) {
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

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do on close
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a left-over temporary file is overwritten by the next draft
        }
    }
}
