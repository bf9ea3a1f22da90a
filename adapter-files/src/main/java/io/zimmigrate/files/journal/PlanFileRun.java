package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.ScratchSpace;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.NoSuchElementException;

/**
 * The messages of one plan file ({@link PlanFileFormat}): the kept plan's, or one part appended to it by a growth
 * ({@link PlanParts}). A reader seeks to the checkpoint before where it starts and checks each message's CRC; a
 * damaged one stops the run rather than send wrong data, naming the file.
 */
final class PlanFileRun implements ScratchSpace.Run {
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final PlanFileFormat.Layout layout;

    PlanFileRun(Path file, PlanFileFormat.Layout layout) {
        this.file = file;
        this.layout = layout;
    }

    @Override
    public long size() {
        return layout.count();
    }

    @Override
    public ScratchSpace.RunReader read() {
        return read(0);
    }

    @Override
    public ScratchSpace.RunReader read(long from) {
        long count = layout.count();
        long end = layout.recordsTo();
        if (from >= count) {
            return new Reader(end, end, count, count);
        }
        int checkpoint = (int) (from / PlanFileFormat.CHECKPOINT);
        Reader r = new Reader(layout.checkpoints()[checkpoint], end, (long) checkpoint * PlanFileFormat.CHECKPOINT,
                count);
        for (long i = (long) checkpoint * PlanFileFormat.CHECKPOINT; i < from; i++) {
            r.next();
        }
        return r;
    }

    /** Streams the messages, checking each one's CRC. */
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
            // A part alone cannot be deleted: the head names it (PlanParts), so the whole kept plan goes.
            String remedy = file.getFileName().toString().startsWith(PlanParts.PART_PREFIX)
                    ? "Delete " + PlanParts.HEAD_FILE + " and " + FilePlanStore.PLAN_FILE + " in " + file.getParent()
                    : "Delete that file";
            return new JournalException("the kept plan " + file + " is damaged (" + why + "); nothing wrong was sent. "
                    + remedy + " and run the same command again: the input is then planned again");
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
            } catch (IOException ignored) {
                // nothing useful to do on close
            }
        }
    }
}
