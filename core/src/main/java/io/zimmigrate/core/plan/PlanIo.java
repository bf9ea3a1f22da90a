package io.zimmigrate.core.plan;

import io.zimmigrate.core.journal.TaskKey;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** How a kept plan's header writes keys and strings ({@link KeptPlan}). */
final class PlanIo {
    /** Longer than any key or ID the rules let through; a longer length is damage, not a string to allocate. */
    private static final int MAX_STRING_BYTES = 1 << 20;

    private PlanIo() {}

    static void writeKey(DataOutputStream out, TaskKey k) throws IOException {
        out.writeLong(k.sendTime());
        out.writeLong(k.ordinal());
    }

    static TaskKey readKey(DataInputStream in) throws IOException {
        return new TaskKey(in.readLong(), in.readLong());
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new IOException("a damaged string length " + length);
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Reads past one group of a kept plan's header: its ID, owner, owner's time, members and oldest time. */
    static void skipGroup(DataInputStream in) throws IOException {
        in.skipNBytes(in.readInt());
        in.skipNBytes(in.readInt());
        in.readLong();
        for (int m = in.readInt(); m > 0; m--) {
            in.skipNBytes(in.readInt());
        }
        in.readLong();
    }

    /** Counts the bytes read through it: where a part of a kept plan's header begins, to read it again later. */
    static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** A buffer allocated at its final size, handed out without the copy {@code toByteArray()} makes. */
    static final class ExactBytes extends ByteArrayOutputStream {
        ExactBytes(int size) {
            super(size);
        }

        byte[] array() {
            return count == buf.length ? buf : toByteArray();
        }
    }
}
