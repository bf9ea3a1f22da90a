package io.zimmigrate.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP body as a stream whose reads give up when the host sends nothing for {@code idle}: a host that sent its
 * headers and then stalls fails the copy (a passing failure, retried) instead of holding a transfer forever.
 * Used instead of the JDK's {@code BodyHandlers.ofInputStream()}, which has no such limit and, in Java 17,
 * swallows an interrupt while it waits. Here an interrupt ends the read with {@link InterruptedIOException}
 * (the flag kept), and {@link #close} from any thread wakes a waiting read. The upstream is asked for a few
 * lists of buffers at a time, so memory stays bounded whatever the file's size.
 */
final class IdleTimeoutBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {

    private static final int AHEAD = 4;
    private static final Object END = new Object();
    private static final Object CLOSED = new Object();

    private final Duration idle;
    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> list;
    private ByteBuffer current;
    private boolean ended;

    IdleTimeoutBody(Duration idle) {
        this.idle = Objects.requireNonNull(idle, "idle");
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(AHEAD);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrived.add(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        arrived.add(failure);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.remaining());
        current.get(bytes, offset, n);
        return n;
    }

    /** Makes {@link #current} hold bytes; false at the end of the body. */
    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (closed) {
                throw new IOException("the body was closed");
            }
            if (ended) {
                return false;
            }
            if (list != null && list.hasNext()) {
                current = list.next();
                continue;
            }
            Object next = take();
            if (next == END) {
                ended = true;
            } else if (next == CLOSED) {
                throw new IOException("the body was closed");
            } else if (next instanceof Throwable failure) {
                throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
            } else {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) next;
                list = buffers.iterator();
                subscription.request(1);
            }
        }
        return true;
    }

    private Object take() throws IOException {
        Object next;
        try {
            next = arrived.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the body");
        }
        if (next == null) {
            close();
            throw new IOException("the file host sent no bytes for " + idle.toSeconds() + " s");
        }
        return next;
    }

    @Override
    public int available() {
        ByteBuffer b = current;
        return b == null || closed ? 0 : b.remaining();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        arrived.add(CLOSED);
    }
}
