package io.zimmigrate.core.table;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Columns of ints and longs written and read in bulk, big-endian as {@link DataOutput} writes them: a buffer of bytes
 * at a time instead of a call per value, so a kept plan's tables of millions of entries are read back as arrays in
 * one pass (issue 15, P6: a resume of 2 M one-to-one timelines). A length read from a file is not trusted with an
 * allocation: an array longer than {@value #CHUNK} values grows as its values are actually read, so a damaged length
 * ends in an {@link java.io.EOFException}, not in a heap run out.
 */
public final class Columns {
    /** Values per buffer; also the longest array allocated before its values are read. */
    static final int CHUNK = 1 << 13;

    private Columns() {}

    public static void writeInts(DataOutput out, int[] values, int from, int count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * Math.min(count, CHUNK));
        for (int done = 0; done < count; ) {
            int n = Math.min(CHUNK, count - done);
            buf.clear();
            buf.asIntBuffer().put(values, from + done, n);
            out.write(buf.array(), 0, 4 * n);
            done += n;
        }
    }

    public static void writeLongs(DataOutput out, long[] values, int from, int count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 * Math.min(count, CHUNK));
        for (int done = 0; done < count; ) {
            int n = Math.min(CHUNK, count - done);
            buf.clear();
            buf.asLongBuffer().put(values, from + done, n);
            out.write(buf.array(), 0, 8 * n);
            done += n;
        }
    }

    /** Reads {@code count} ints into {@code into} from {@code from}. */
    public static void readInts(DataInput in, int[] into, int from, int count) throws IOException {
        byte[] bytes = new byte[4 * Math.min(count, CHUNK)];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        for (int done = 0; done < count; ) {
            int n = Math.min(CHUNK, count - done);
            in.readFully(bytes, 0, 4 * n);
            buf.clear();
            buf.asIntBuffer().get(into, from + done, n);
            done += n;
        }
    }

    public static void readLongs(DataInput in, long[] into, int from, int count) throws IOException {
        byte[] bytes = new byte[8 * Math.min(count, CHUNK)];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        for (int done = 0; done < count; ) {
            int n = Math.min(CHUNK, count - done);
            in.readFully(bytes, 0, 8 * n);
            buf.clear();
            buf.asLongBuffer().get(into, from + done, n);
            done += n;
        }
    }

    /** An array of {@code count} ints read from {@code in}, grown as they come past {@value #CHUNK} (see above). */
    public static int[] readInts(DataInput in, int count) throws IOException {
        checkCount(count);
        int[] values = new int[Math.min(count, CHUNK)];
        int done = 0;
        while (done < count) {
            if (done == values.length) {
                values = Arrays.copyOf(values, (int) Math.min(count, 2L * values.length));
            }
            int n = values.length - done;
            readInts(in, values, done, n);
            done += n;
        }
        return values;
    }

    /** {@code count} bytes read from {@code in}, grown as they come (see above). */
    public static byte[] readBytes(DataInput in, int count) throws IOException {
        checkCount(count);
        byte[] values = new byte[Math.min(count, 4 * CHUNK)];
        int done = 0;
        while (done < count) {
            if (done == values.length) {
                values = Arrays.copyOf(values, (int) Math.min(count, 2L * values.length));
            }
            int n = values.length - done;
            in.readFully(values, done, n);
            done += n;
        }
        return values;
    }

    static void checkCount(int count) throws IOException {
        if (count < 0) {
            throw new IOException("a damaged column length " + count);
        }
    }
}
