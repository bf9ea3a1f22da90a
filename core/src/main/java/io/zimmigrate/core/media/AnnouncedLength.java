package io.zimmigrate.core.media;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails the read that reaches the end too early (or late) when the origin announced a length. The failure
 * surfaces inside the store's {@code put}, before it commits, so a cut-off download never becomes an object.
 */
final class AnnouncedLength extends FilterInputStream {
    private final long announced;
    private long seen;

    AnnouncedLength(InputStream in, long announced) {
        super(in);
        this.announced = announced;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        check(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        check(n);
        return n;
    }

    private void check(int n) throws IOException {
        if (n > 0) {
            seen += n;
            if (seen > announced) {
                throw new IOException("the origin sent more than the " + announced + " bytes it announced");
            }
        } else if (n < 0 && seen != announced) {
            throw new IOException("the download ended after " + seen + " of " + announced + " bytes");
        }
    }
}
