package io.zimmigrate.files.support;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * A record stream that reads its input a piece at a time; one piece (a CSV row, a Slack daily file, a
 * Mattermost post with its replies) may yield several records. Closes itself when exhausted.
 */
public abstract class BufferedRecordStream implements MessageSource.RecordStream {
    private final Deque<SourceRecord> pending = new ArrayDeque<>();
    private boolean exhausted;
    private boolean closed;

    /** Reads the next piece of input into {@code out}; returns false when there is no more input. */
    protected abstract boolean readMore(Deque<SourceRecord> out);

    /** Releases the input; called once. */
    protected abstract void release();

    @Override
    public final boolean hasNext() {
        while (pending.isEmpty() && !exhausted && !closed) {
            boolean more;
            try {
                more = readMore(pending);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            if (!more) {
                exhausted = true;
                close();
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public final SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.removeFirst();
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            try {
                release();
            } catch (RuntimeException ignored) {
                // closing must not throw (port contract)
            }
        }
    }
}
