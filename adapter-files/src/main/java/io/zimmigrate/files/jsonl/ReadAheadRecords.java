package io.zimmigrate.files.jsonl;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and decodes records on a thread of its own while the caller validates or plans the ones before, so the
 * two halves of a pass over a large file share two cores instead of taking turns on one. Records arrive in order,
 * in batches, at most {@value #BATCHES} batches of {@value #BATCH} ahead (memory stays bounded); a failure of the
 * underlying stream reaches the caller after every record read before it, as it would without reading ahead.
 * The thread starts at the first {@link #hasNext()} and ends at the end of the stream or on {@link #close()}.
 */
final class ReadAheadRecords implements MessageSource.RecordStream {
    static final int BATCH = 512;
    static final int BATCHES = 8;
    private static final Object END = new Object();

    private final MessageSource.RecordStream source;
    private final String name;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES);
    private Thread reader;
    private SourceRecord[] batch;
    private int at;
    private boolean done;

    /** Reads {@code source} ahead; this stream owns it and closes it. */
    ReadAheadRecords(MessageSource.RecordStream source, String name) {
        this.source = source;
        this.name = name;
    }

    @Override
    public boolean hasNext() {
        if (done) {
            return false;
        }
        if (batch != null && at < batch.length && batch[at] != null) {
            return true;
        }
        if (reader == null) {
            start();
        }
        Object next;
        try {
            next = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while reading " + name, e);
        }
        if (next == END) {
            done = true;
            join();
            return false;
        }
        if (next instanceof RuntimeException || next instanceof Error) {
            done = true;
            join();
            if (next instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) next; // the source's own exception (a SourceException naming the file and line)
        }
        batch = (SourceRecord[]) next;
        at = 0;
        return true;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in " + name);
        }
        SourceRecord r = batch[at];
        batch[at++] = null;
        return r;
    }

    private void start() {
        reader = new Thread(this::readAll, "zim-migrate-read-" + name);
        reader.setDaemon(true); // never keeps the process alive
        reader.start();
    }

    /**
     * The reader thread: batches of records, then END or the failure. Every throwable ends up in the queue, even
     * one raised while handing a batch over or closing the source (an OutOfMemoryError can strike anywhere): a
     * failure that escaped this thread would leave the caller waiting and print a stack trace. Stops quietly when
     * interrupted.
     */
    private void readAll() {
        Object last = END;
        try (source) {
            SourceRecord[] filling = new SourceRecord[BATCH];
            int n = 0;
            try {
                while (source.hasNext()) {
                    filling[n++] = source.next();
                    if (n == BATCH) {
                        queue.put(filling);
                        filling = new SourceRecord[BATCH];
                        n = 0;
                    }
                }
            } catch (RuntimeException | Error e) {
                last = e; // after the records read before it, like a stream read in place
            }
            if (n > 0) {
                queue.put(filling); // a partial batch ends at its first null
            }
        } catch (InterruptedException e) {
            return; // close() asked us to stop; the try closed the source
        } catch (RuntimeException | Error e) {
            if (last == END) {
                last = e; // raised while handing a batch over or closing the source
            }
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            // close() asked us to stop
        }
    }

    @Override
    public void close() {
        done = true;
        batch = null;
        if (reader == null) {
            source.close();
            return;
        }
        reader.interrupt();
        queue.clear(); // a reader blocked on a full queue wakes up either way
        join();
    }

    /** Waits for the reader to finish, so the file is closed when close() or the last hasNext() returns. */
    private void join() {
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
