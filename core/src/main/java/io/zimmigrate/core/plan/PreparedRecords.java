package io.zimmigrate.core.plan;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.table.FingerprintSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The planner's records, each checked against {@link MessageRules}, its ID fingerprinted and, when valid, encoded,
 * in chunks on the threads of an {@link Executor} the caller supplies (core starts none), while the caller's thread
 * takes the chunks back in input order for the parts that depend on order (the ID set, the tables, the sort).
 * Nothing here depends on another record, so a chunk's results are what the planning thread would have computed
 * itself (issue #13, P4: the planning thread carried 92 % of {@code plan}'s samples while the second core idled).
 *
 * <p>At most {@value #AHEAD} chunks of {@value #CHUNK} records are in flight, so memory stays bounded. A failure is
 * delivered where it happened: a worker's after the records of its chunk before it, the source's after every
 * record read before it, each as the same throwable the sequential planner would have thrown.
 */
final class PreparedRecords {
    static final int CHUNK = 256;
    static final int AHEAD = 8;

    private final MessageSource.RecordStream records;
    private final Executor executor;
    private final MessageRules rules;
    private final long nowMillis;
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    private long submitted; // records handed to chunks so far: the next record's ordinal
    private Throwable sourceFailure;
    private boolean sourceDone;

    PreparedRecords(MessageSource.RecordStream records, Executor executor, MessageRules rules, long nowMillis) {
        this.records = records;
        this.executor = executor;
        this.rules = rules;
        this.nowMillis = nowMillis;
    }

    /**
     * The next chunk in input order, prepared, or null at the end of the input. Throws the source's failure once
     * every chunk read before it was returned.
     */
    Chunk next() {
        while (!sourceDone && pending.size() < AHEAD) {
            submit();
        }
        Chunk head = pending.poll();
        if (head != null) {
            head.done.join(); // prepare() catches every throwable: the future itself never fails
            return head;
        }
        if (sourceFailure != null) {
            Throwable t = sourceFailure;
            sourceFailure = null;
            throw PreparedRecords.<RuntimeException>sneaky(t);
        }
        return null;
    }

    /** Reads the next chunk from the source on this thread and hands it to the executor. */
    private void submit() {
        SourceRecord[] batch = new SourceRecord[CHUNK];
        int n = 0;
        try {
            while (n < CHUNK && records.hasNext()) {
                batch[n++] = records.next();
            }
            if (n < CHUNK) {
                sourceDone = true;
            }
        } catch (RuntimeException | Error e) {
            sourceDone = true;
            sourceFailure = e; // after the records read before it, as a stream read in place
        }
        if (n == 0) {
            return;
        }
        Chunk chunk = new Chunk(batch, n, submitted);
        submitted += n;
        chunk.done = CompletableFuture.runAsync(chunk::prepare, executor);
        pending.add(chunk);
    }

    /** Rethrows {@code t} as it is (an Error stays an Error, a RuntimeException keeps its type and message). */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Records {@code first} .. {@code first + size - 1} of the input and what a worker found for each. */
    final class Chunk {
        final SourceRecord[] records;
        final int size;
        final long first;
        /** Per record: its ID's fingerprint, and whether it has an ID to claim (absent or empty claims nothing). */
        final long[] idFingerprints;
        final boolean[] hasId;
        /** Per readable record: MessageRules' verdict (duplicates are the planning thread's to judge). */
        final Validation[] verdicts;
        /** Per accepted record: its encoded form, its group timeline's key, its one-to-one conversation's fingerprint. */
        final byte[][] encoded;
        final String[] groupKeys;
        final long[] pairFingerprints;
        /** How many records were prepared; below {@link #size} only when {@link #failure} is set. */
        int prepared;
        Throwable failure;
        CompletableFuture<Void> done;

        Chunk(SourceRecord[] records, int size, long first) {
            this.records = records;
            this.size = size;
            this.first = first;
            this.idFingerprints = new long[size];
            this.hasId = new boolean[size];
            this.verdicts = new Validation[size];
            this.encoded = new byte[size][];
            this.groupKeys = new String[size];
            this.pairFingerprints = new long[size];
        }

        private void prepare() {
            try {
                for (int i = 0; i < size; i++) {
                    SourceRecord r = records[i];
                    String id;
                    if (r instanceof SourceRecord.Readable readable) {
                        id = readable.message().id();
                        Validation v = rules.validate(readable.message(), readable.locator(), first + i, nowMillis);
                        verdicts[i] = v;
                        if (v instanceof Validation.Accepted accepted) {
                            encoded[i] = MessageCodec.encode(accepted.message());
                            groupKeys[i] = Planner.groupKey(accepted.message());
                            pairFingerprints[i] = Planner.pairFingerprint(accepted.message());
                        }
                    } else {
                        id = ((SourceRecord.Unreadable) r).rejection().id();
                    }
                    if (id != null && !id.isEmpty()) {
                        hasId[i] = true;
                        idFingerprints[i] = FingerprintSet.fingerprint(id);
                    }
                    prepared = i + 1;
                }
            } catch (Throwable t) { // an OutOfMemoryError too: the planning thread rethrows it where it happened
                failure = t;
            }
        }
    }
}
