package io.zimmigrate.files.scratch;

import io.zimmigrate.core.port.ScratchSpace;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * Sorted runs in temporary files, so the planner can order an export far larger than the heap. Each run is one
 * file of length-prefixed records; the directory is deleted on {@link #close()}. A process killed before it
 * closes leaves its directory behind: the next space opened in the same place removes it
 * ({@link ScratchOwnership}), never one whose process still runs.
 */
public final class FileScratchSpace implements ScratchSpace {
    private static final int BUFFER = 1 << 16;

    private final Path dir;
    private final FileLock owner;
    private int runs;

    private FileScratchSpace(Path dir, FileLock owner) {
        this.dir = dir;
        this.owner = owner;
    }

    /**
     * A fresh directory under {@code parent} (e.g. the journal directory, or the system temp directory), after
     * removing the ones there that killed processes left.
     */
    public static FileScratchSpace in(Path parent) {
        try {
            Files.createDirectories(parent);
            ScratchOwnership.sweep(parent, Instant.now());
            Path dir = ScratchOwnership.create(parent);
            try {
                return new FileScratchSpace(dir, ScratchOwnership.claim(dir));
            } catch (IOException | RuntimeException e) {
                ScratchOwnership.delete(dir);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a sort directory in " + parent + ": " + e.getMessage(), e);
        }
    }

    public static FileScratchSpace inSystemTemp() {
        return in(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Override
    public RunWriter newRun() {
        Path file = dir.resolve("run-" + (runs++) + ".bin");
        DataOutputStream out;
        try {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sort run " + file + ": " + e.getMessage(), e);
        }
        return new RunWriter() {
            private long count;

            @Override
            public void write(byte[] record) {
                try {
                    out.writeInt(record.length);
                    out.write(record);
                    count++;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write sort run " + file + " (disk full?): " + e.getMessage(), e);
                }
            }

            @Override
            public Run finish() {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot finish sort run " + file + ": " + e.getMessage(), e);
                }
                long size = count;
                return new Run() {
                    @Override
                    public long size() {
                        return size;
                    }

                    @Override
                    public RunReader read() {
                        return new FileRunReader(file);
                    }
                };
            }
        };
    }

    /** The directory the runs are written to. */
    Path directory() {
        return dir;
    }

    @Override
    public void close() {
        ScratchOwnership.delete(dir);
        try {
            owner.channel().close();
        } catch (IOException e) {
            // the lock goes with the process anyway; nothing to tell the user
        }
    }

    private static final class FileRunReader implements RunReader {
        private final DataInputStream in;
        private byte[] next;

        FileRunReader(Path file) {
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sort run " + file + ": " + e.getMessage(), e);
            }
            advance();
        }

        private void advance() {
            try {
                int length = in.readInt();
                next = new byte[length];
                in.readFully(next);
            } catch (EOFException e) {
                next = null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a sort run: " + e.getMessage(), e);
            }
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
            try {
                in.close();
            } catch (IOException e) {
                // reading is over; nothing was lost
            }
        }
    }
}
