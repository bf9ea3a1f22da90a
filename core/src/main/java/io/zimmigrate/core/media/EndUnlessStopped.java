package io.zimmigrate.core.media;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/**
 * Turns the end of an original into a failure when the copier was stopped meanwhile. {@link MediaCopier#stop}
 * closes the originals being read, and some streams answer a close from another thread with an early end rather
 * than an error; without this, a store would commit the cut-off bytes (its {@code put} commits at the end) and a
 * resumed pass would take the short object for a stored one.
 */
final class EndUnlessStopped extends FilterInputStream {
    private final BooleanSupplier stopped;

    EndUnlessStopped(InputStream in, BooleanSupplier stopped) {
        super(in);
        this.stopped = stopped;
    }

    @Override
    public int read() throws IOException {
        return check(super.read());
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return check(super.read(buffer, offset, length));
    }

    private int check(int n) throws IOException {
        if (n < 0 && stopped.getAsBoolean()) {
            throw new IOException("the copy was stopped");
        }
        return n;
    }
}
