package io.zimmigrate.files.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The end of the journal's log: where its complete lines stop, what follows them, and the zeroed room kept ahead
 * of them while a run writes.
 *
 * <p>Why the room: every request waits for its journal line's fdatasync, so that sync is on every round trip of a
 * timeline (P5). A write that makes the file longer must also persist the new length, a metadata commit; a write
 * into bytes the file already has is data only. Measured on ext4 with {@code /tmp/fsynctest.py}-style appends
 * (docs/performance.md, "Journal room"): 0.60 ms per append-and-sync against 0.36 ms into zeroed room. So the log
 * grows a {@link #ROOM_BYTES} step of zeros at a time (one metadata sync per step instead of one per line), and
 * the zeros are cut off when the journal is closed. A crash leaves them: they are not a torn line, and opening
 * says so ({@link #tornBytes}).
 */
final class LogTail {
    /** Zeros added ahead of the lines at a time: about five thousand journal lines. */
    static final long ROOM_BYTES = 1L << 20;

    private LogTail() {
    }

    /** The length up to and including the last '\n': everything after it is a torn line or zeroed room. */
    static long completeLength(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = size;
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            pos -= n;
            read(ch, buf, pos, n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }

    /**
     * The bytes of a torn line after {@code end}: from {@code end} to the last byte that is not zero (a crash while
     * a line was written); 0 when only zeroed room follows the lines.
     */
    static long tornBytes(FileChannel ch, long end) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = ch.size();
        while (pos > end) {
            int n = (int) Math.min(buf.capacity(), pos - end);
            pos -= n;
            read(ch, buf, pos, n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) != 0) {
                    return pos + i + 1 - end;
                }
            }
        }
        return 0;
    }

    /**
     * Makes sure the file has zeroed room up to at least {@code upTo}, adding {@link #ROOM_BYTES} beyond it when it
     * has not; returns the file's length. Not synced here: the caller's fdatasync covers it with the lines.
     */
    static long roomFor(FileChannel ch, long upTo, long size, long roomBytes) throws IOException {
        if (upTo <= size || roomBytes <= 0) {
            return Math.max(size, upTo);
        }
        long target = upTo + roomBytes;
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(target - upTo, 64 * 1024));
        for (long pos = Math.max(size, upTo); pos < target; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), target - pos));
            while (zeros.hasRemaining()) {
                pos += ch.write(zeros, pos);
            }
        }
        return target;
    }

    private static void read(FileChannel ch, ByteBuffer buf, long pos, int n) throws IOException {
        buf.clear().limit(n);
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new IOException("the file shrank while it was read");
            }
        }
    }
}
