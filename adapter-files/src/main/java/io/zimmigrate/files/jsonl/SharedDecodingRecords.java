package io.zimmigrate.files.jsonl;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.files.support.LineReader;
import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * A pass over a JSON Lines file whose decoding two threads share: a helper thread of its own reads and decodes
 * batches of lines ({@link LineBatch}) ahead, and the caller, whenever the batch it needs next is still being
 * decoded, reads and decodes a later batch itself instead of waiting. So whichever half of a pass is heavier
 * (decoding, or what the caller does with the records), both cores stay busy; with one fixed reading thread the
 * pass went at the pace of the heavier half (issue #13, P3).
 *
 * <p>Records are handed out in file order, whoever decoded them; at most {@value #AHEAD} batches are read and not
 * yet handed out (memory stays bounded; the batches and their buffers are reused). Lines are read by one thread at
 * a time, in order, under the pass's lock. A failure to read reaches the caller after every record read before
 * it; any throwable of the helper (an OutOfMemoryError included) reaches the caller, never the thread's default
 * handler. The helper starts at the first {@link #hasNext()} and ends at the end of the file or on
 * {@link #close()}.
 */
final class SharedDecodingRecords implements MessageSource.RecordStream {
    /**
     * Batches read ahead of the caller, at most: one being decoded by each thread and a few to spare. Each holds a
     * buffer of ~72 KB, created when first needed: a pass must leave room in a small heap for the line that says
     * the heap is too small (exit 3, not a second OutOfMemoryError in the handler; 16 eager batches did not).
     */
    static final int AHEAD = 6;

    private final LineReader in;
    private final String name;
    private final int maxLineBytes;
    private final Object lock = new Object();
    /** Batch {@code n} of the pass lives in slot {@code n % AHEAD}. */
    private final LineBatch[] slots = new LineBatch[AHEAD];
    /** Guarded by lock: which batches were read, and which slots are decoded. */
    private final boolean[] decoded = new boolean[AHEAD];
    /** Guarded by lock: a throwable that struck while decoding a slot's batch, raised in its place. */
    private final Throwable[] brokenBy = new Throwable[AHEAD];
    private long read;
    private long handedOut;
    private boolean ended;
    private boolean closed;
    /** A throwable of the helper or of reading: raised after every batch read before it. */
    private Throwable fatal;
    private Thread helper;

    /** The caller's batch, being handed out (its slot is not reused until the caller moves on). */
    private LineBatch current;
    private int at;
    private boolean done;

    /** Reads {@code in}; this stream owns it and closes it. */
    SharedDecodingRecords(LineReader in, String name, int maxLineBytes) {
        this.in = in;
        this.name = name;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public boolean hasNext() {
        while (!done) {
            if (current != null && at < current.count) {
                return true;
            }
            if (current != null && current.failure != null) {
                done = true;
                throw current.failure;
            }
            current = nextBatch();
            at = 0;
            if (current == null) {
                done = true;
            }
        }
        return false;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in " + name);
        }
        SourceRecord r = current.records[at];
        current.records[at++] = null;
        return r;
    }

    /** The next batch in file order, decoded; null at the end. Decodes a later batch while the helper decodes it. */
    private LineBatch nextBatch() {
        boolean first = helper == null;
        synchronized (lock) {
            if (current != null) {
                handedOut++; // its slot may be read into again
                lock.notifyAll();
            }
        }
        if (first) {
            helper = new Thread(this::help, "zim-migrate-read-" + name);
            helper.setDaemon(true); // never keeps the process alive
            helper.start();
        }
        while (true) {
            int mine;
            synchronized (lock) {
                int head = (int) (handedOut % AHEAD);
                if (handedOut < read && decoded[head]) {
                    if (brokenBy[head] != null) {
                        Throwable t = brokenBy[head];
                        brokenBy[head] = null;
                        done = true;
                        if (t instanceof Error e) {
                            throw e;
                        }
                        throw (RuntimeException) t;
                    }
                    return slots[head];
                }
                if (handedOut == read && ended) {
                    return end();
                }
                if (ended || read - handedOut >= AHEAD) {
                    waitLocked(); // the head is being decoded: its decoder wakes us
                    continue;
                }
                mine = readLocked();
                if (mine < 0) {
                    continue; // reading failed and ended the pass: hand out what came before, then the failure
                }
            }
            decode(mine);
        }
    }

    /** The end of the pass: the failure that ended it, if any, else null. */
    private LineBatch end() {
        Throwable f = fatal;
        fatal = null;
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return null;
    }

    /** The helper thread: reads and decodes batches while there is room ahead of the caller. */
    private void help() {
        int mine = -1;
        try {
            while (true) {
                synchronized (lock) {
                    while (!closed && !ended && read - handedOut >= AHEAD) {
                        lock.wait();
                    }
                    if (closed || ended) {
                        return;
                    }
                    mine = readLocked();
                }
                if (mine >= 0) {
                    decode(mine);
                    mine = -1;
                }
            }
        } catch (InterruptedException e) {
            // close() asked us to stop
        } catch (Throwable t) {
            synchronized (lock) {
                if (mine >= 0 && !decoded[mine]) {
                    brokenBy[mine] = t; // the batch it held is never decoded: the caller meets t there
                    decoded[mine] = true;
                } else if (fatal == null) {
                    fatal = t;
                }
                ended = true;
                lock.notifyAll();
            }
        }
    }

    /**
     * Reads the next batch into its slot (lock held) and returns the slot, or -1 when a throwable struck while
     * reading: it ends the pass after the batches read before it.
     */
    private int readLocked() {
        int slot = (int) (read % AHEAD);
        try {
            if (slots[slot] == null) {
                slots[slot] = new LineBatch();
            }
            slots[slot].read(in, name, maxLineBytes);
        } catch (RuntimeException | Error e) {
            fatal = e;
            ended = true;
            lock.notifyAll();
            return -1;
        }
        decoded[slot] = false;
        brokenBy[slot] = null;
        read++;
        if (slots[slot].last) {
            ended = true;
        }
        return slot;
    }

    /** Decodes the batch in {@code slot} outside the lock, then says so; a throwable is raised in its place. */
    private void decode(int slot) {
        Throwable failed = null;
        try {
            slots[slot].decode();
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        synchronized (lock) {
            if (failed != null) {
                brokenBy[slot] = failed;
                ended = true; // nothing after it is read; what was read before it is handed out first
            }
            decoded[slot] = true;
            lock.notifyAll();
        }
    }

    private void waitLocked() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while reading " + name, e);
        }
    }

    @Override
    public void close() {
        done = true;
        current = null;
        Thread h = helper;
        synchronized (lock) {
            closed = true;
            ended = true;
            lock.notifyAll();
        }
        if (h != null) {
            boolean interrupted = false;
            while (h.isAlive()) {
                try {
                    h.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing was written; a failed close of a file we only read loses nothing.
        }
    }
}
