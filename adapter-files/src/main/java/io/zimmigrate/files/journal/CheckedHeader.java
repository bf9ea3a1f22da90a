package io.zimmigrate.files.journal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * A kept plan's header read from its file: exactly its length, its CRC-32C checked when the last byte has been read
 * (an {@link IOException} then if it does not match), so the header is checked without being held in memory whole.
 */
final class CheckedHeader extends InputStream {
    private final InputStream in;
    private final CRC32C crc = new CRC32C();
    private final int expectedCrc;
    private long left;

    CheckedHeader(InputStream in, long length, int expectedCrc) {
        this.in = in;
        this.left = length;
        this.expectedCrc = expectedCrc;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new EOFException("the kept plan's header ends early");
        }
        crc.update(b, off, n);
        left -= n;
        if (left == 0 && (int) crc.getValue() != expectedCrc) {
            throw new IOException("the kept plan's header fails its checksum (was the file replaced?)");
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, Math.min(left, in.available()));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
