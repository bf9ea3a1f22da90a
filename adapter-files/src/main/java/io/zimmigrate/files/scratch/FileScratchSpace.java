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
        return newRun(false);
    }

    /** A run that keeps where each record starts (8 bytes a record), so {@link Run#read(long)} seeks to it. */
    @Override
    public RunWriter newSeekableRun() {
        return newRun(true);
    }

    private RunWriter newRun(boolean seekable) {
        Path file = dir.resolve("run-" + (runs++) + ".bin");
        DataOutputStream out;
        try {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sort run " + file + ": " + e.getMessage(), e);
        }
        return new RunWriter() {
            private long count;
            private long at;
            private long[] starts = new long[seekable ? 16 : 0];

            @Override
            public void write(byte[] record) {
                try {
                    if (seekable) {
                        if (count == starts.length) {
                            starts = java.util.Arrays.copyOf(starts, starts.length * 2);
                        }
                        starts[(int) count] = at;
                        at += 4L + record.length;
                    }
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
                long[] offsets = seekable ? java.util.Arrays.copyOf(starts, (int) count) : null;
                long end = at;
                return new Run() {
                    @Override
                    public long size() {
                        return size;
                    }

                    @Override
                    public RunReader read() {
                        return new FileRunReader(file, 0, BUFFER);
                    }

                    @Override
                    public RunReader read(long from) {
                        if (offsets == null || from <= 0) {
                            return from <= 0 ? read() : Run.super.read(from);
                        }
                        // One record is usually wanted: a small buffer, not 64 KiB per read (a plan's groups).
                        return new FileRunReader(file, from < size ? offsets[(int) from] : end, 1 << 13);
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

        FileRunReader(Path file, long offset, int buffer) {
            try {
                java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
                channel.position(offset);
                in = new DataInputStream(new BufferedInputStream(java.nio.channels.Channels.newInputStream(channel),
                        buffer));
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
