package io.zimmigrate.core.media;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The copier's running counts, for progress and the summary. Objects are distinct keys: a file shared by ten
 * messages counts once.
 */
public final class CopyTally {
    private final AtomicLong wanted = new AtomicLong();
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong alreadyStored = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong bytesCopied = new AtomicLong();

    void wanted() {
        wanted.incrementAndGet();
    }

    void ended(CopyOutcome outcome) {
        if (outcome instanceof CopyOutcome.Stored s) {
            if (s.transferred()) {
                copied.incrementAndGet();
                bytesCopied.addAndGet(s.stored().size());
            } else {
                alreadyStored.incrementAndGet();
            }
        } else {
            unavailable.incrementAndGet();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(wanted.get(), copied.get(), alreadyStored.get(), unavailable.get(), bytesCopied.get());
    }

    /** Counts at one moment; {@code wanted - done()} are queued or in flight. */
    public record Snapshot(long wanted, long copied, long alreadyStored, long unavailable, long bytesCopied) {
        public long done() {
            return copied + alreadyStored + unavailable;
        }
    }
}
