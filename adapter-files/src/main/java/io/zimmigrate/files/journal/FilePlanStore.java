package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The {@link PlanStore} kept in a journal directory, as {@value #PLAN_FILE}, in the {@link PlanFileFormat} (a file
 * of another format is refused naming it): the plan's header, every message behind its CRC-32C, the footer, and the
 * offset of every {@value #CHECKPOINT}th message, so a resume seeks to where it starts instead of reading through a
 * million messages. Use it while the directory's {@link FileJournal} is open: the journal's lock keeps other runs
 * out of this file too.
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
    /** The file's format ({@link PlanFileFormat}). */
    public static final int FORMAT = PlanFileFormat.FORMAT;
    static final int CHECKPOINT = PlanFileFormat.CHECKPOINT;
    private static final int BUFFER = 1 << 16;

    /** The pending generation (issue 15): a plan kept before the journal names it, renamed over the plan after. */
    public static final String PENDING_FILE = "plan.next.bin";

    private final Path dir;
    private final Path file;
    private final Path temp;
    private final boolean generation;

    private FilePlanStore(Path dir) {
        this(dir, PLAN_FILE, TEMP_FILE, false);
    }

    private FilePlanStore(Path dir, String name, String tempName, boolean generation) {
        this.dir = dir;
        this.file = dir.resolve(name);
        this.temp = dir.resolve(tempName);
        this.generation = generation;
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
        PlanFileFormat.Layout layout;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Optional<PlanFileFormat.Layout> read = PlanFileFormat.read(ch, file);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            layout = read.get();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JournalException("cannot read the kept plan " + file + ": " + e.getMessage(), e);
        }
        long count = layout.count();
        long[] checkpoints = layout.checkpoints();
        byte[] footer = layout.footer();
        long end = layout.recordsTo();
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
                try (InputStream in = headerStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new JournalException("cannot read the kept plan " + file + ": " + e.getMessage(), e);
                }
            }

            /**
             * The header straight from the file, checked against its CRC as it ends: never in memory whole (a hundred
             * MB with millions of timelines, issue #13). A file replaced since {@code find} fails the check.
             */
            @Override
            public InputStream headerStream() throws IOException {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ch.position(layout.headerFrom());
                InputStream bounded = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
                return new CheckedHeader(bounded, layout.headerLength(), layout.headerCrc());
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

    @Override
    public Draft draft(byte[] header) {
        return draft(header.length, out -> out.write(header));
    }

    /** The header goes to the file as it is made, behind its length and before its CRC-32C (issue 15). */
    @Override
    public Draft draft(long length, HeaderWriter header) {
        FileChannel ch;
        try {
            ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new JournalException("cannot write the kept plan " + temp + ": " + e.getMessage(), e);
        }
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER));
        long first;
        try {
            first = PlanFileFormat.writeHead(out, length, header);
        } catch (IOException e) {
            closeQuietly(out);
            deleteQuietly(temp);
            throw new JournalException("cannot write the kept plan " + temp + ": " + e.getMessage(), e);
        }
        return new Draft() {
            private long count;
            private long position = first;
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
                    position += PlanFileFormat.writeRecord(out, record);
                    count++;
                } catch (IOException e) {
                    throw new JournalException("cannot write the kept plan " + temp + " (disk full?): " + e.getMessage(), e);
                }
            }

            @Override
            public void commit(byte[] footer) {
                try {
                    PlanFileFormat.writeTail(out, footer, checkpoints, count);
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

    /** {@value #PENDING_FILE} in the same directory, written the same way; its own pending generation is none. */
    @Override
    public Optional<PlanStore> pending() {
        return generation ? Optional.empty()
                : Optional.of(new FilePlanStore(dir, PENDING_FILE, PENDING_FILE + ".tmp", true));
    }

    /** Renames {@value #PENDING_FILE} over {@value #PLAN_FILE} (atomic), then syncs the directory. */
    @Override
    public void promotePending() {
        if (generation) {
            return;
        }
        Path next = dir.resolve(PENDING_FILE);
        try {
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DirectorySync.force(dir);
        } catch (NoSuchFileException e) {
            // none pending
        } catch (IOException e) {
            throw new JournalException("cannot keep the plan " + next + " as " + file + ": " + e.getMessage(), e);
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
                byte[] record = PlanFileFormat.readRecord(in, read + 1, to - position);
                position += 8L + record.length;
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
