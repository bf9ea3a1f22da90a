package io.zimmigrate.core.media;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import com.google.common.io.CountingInputStream;
import io.zimmigrate.core.port.MediaFetcher;
import io.zimmigrate.core.port.MediaLedger;
import io.zimmigrate.core.port.MediaStore;
import io.zimmigrate.core.port.MediaUnavailableException;
import io.zimmigrate.core.port.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Copies originals to the store, each key once: an object the ledger records, or the store already holds, is
 * never fetched or uploaded again; two messages sharing a file share one transfer. Transfers run on the
 * caller's executor (its size bounds how many run at once), stream from fetcher to store while counting and
 * hashing, and are recorded in the ledger only after the store confirmed them, so a crash at any moment leaves
 * either a recorded object or one that a resumed copy transfers again.
 *
 * <p>{@link #whenStored} is what an import waits on: it completes when every object of a message has ended.
 *
 * <p>{@link #stop} ends every transfer promptly by closing the originals the workers read from. Interrupting the
 * workers is not enough: the JDK's HTTP body stream (17) swallows an interrupt while it waits for bytes and goes on
 * waiting, so a worker blocked on a host that sends nothing never noticed a pool's {@code shutdownNow}.
 */
public final class MediaCopier implements MediaFailures {

    private static final String STOPPED = "the copy was stopped";
    private final MediaFetcher fetcher;
    private final MediaStore store;
    private final MediaLedger ledger;
    private final Executor transfers;
    private final CopyPolicy policy;
    private final Pause pause;
    private final CopyTally tally = new CopyTally();
    private final ConcurrentHashMap<String, CompletableFuture<CopyOutcome>> byKey = new ConcurrentHashMap<>();
    private final Set<MediaFetcher.Original> reading = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    public MediaCopier(MediaFetcher fetcher, MediaStore store, MediaLedger ledger, Executor transfers,
                       CopyPolicy policy, Pause pause) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.store = Objects.requireNonNull(store, "store");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** Starts copying the object unless it is already started or done; returns how it ends. Never fails. */
    public CompletableFuture<CopyOutcome> copy(MediaObject object) {
        CompletableFuture<CopyOutcome> known = byKey.get(object.key());
        if (known != null) {
            return known;
        }
        CompletableFuture<CopyOutcome> mine = new CompletableFuture<>();
        CompletableFuture<CopyOutcome> raced = byKey.putIfAbsent(object.key(), mine);
        if (raced != null) {
            return raced;
        }
        tally.wanted();
        if (stopped) {
            end(mine, new CopyOutcome.Unavailable(object, STOPPED));
            return mine;
        }
        Optional<StoredObject> recorded = ledger.find(object.key());
        if (recorded.isPresent()) {
            end(mine, new CopyOutcome.Stored(object, recorded.get(), false));
            return mine;
        }
        try {
            transfers.execute(() -> end(mine, copyNow(object)));
        } catch (RuntimeException rejected) {
            end(mine, new CopyOutcome.Unavailable(object, STOPPED));
        }
        return mine;
    }

    /** Completes when every object has ended (stored or unavailable); starts those not started yet. */
    public CompletableFuture<MediaReadiness> whenStored(Collection<MediaObject> objects) {
        List<CompletableFuture<CopyOutcome>> all = new ArrayList<>(objects.size());
        for (MediaObject o : objects) {
            all.add(copy(o));
        }
        return readiness(all);
    }

    private static CompletableFuture<MediaReadiness> readiness(List<CompletableFuture<CopyOutcome>> all) {
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<CopyOutcome.Stored> stored = new ArrayList<>();
            List<CopyOutcome.Unavailable> unavailable = new ArrayList<>();
            for (CompletableFuture<CopyOutcome> f : all) {
                CopyOutcome outcome = f.join();
                if (outcome instanceof CopyOutcome.Stored s) {
                    stored.add(s);
                } else {
                    unavailable.add((CopyOutcome.Unavailable) outcome);
                }
            }
            return new MediaReadiness(stored, unavailable);
        });
    }

    /**
     * The same by key, for a message whose body is already relocated: a key this copier has not heard of (its
     * original was not read in this process) is ready when the ledger records it, and unavailable otherwise.
     */
    public CompletableFuture<MediaReadiness> whenStoredKeys(Collection<String> keys) {
        List<CompletableFuture<CopyOutcome>> all = new ArrayList<>(keys.size());
        for (String key : keys) {
            CompletableFuture<CopyOutcome> known = byKey.get(key);
            if (known != null) {
                all.add(known);
            } else {
                MediaObject unknown = new MediaObject(key, "(not read in this run)");
                all.add(CompletableFuture.completedFuture(ledger.find(key)
                        .<CopyOutcome>map(s -> new CopyOutcome.Stored(new MediaObject(key, s.source()), s, false))
                        .orElse(new CopyOutcome.Unavailable(unknown, "its original was not read by this run"))));
            }
        }
        return readiness(all);
    }

    /** Why a key's copy ended unavailable, once it has. */
    @Override
    public Optional<String> failure(String key) {
        CompletableFuture<CopyOutcome> f = byKey.get(key);
        if (f != null && f.isDone() && f.join() instanceof CopyOutcome.Unavailable u) {
            return Optional.of(u.reason());
        }
        return Optional.empty();
    }

    /** Completes when everything started so far has ended. */
    public CompletableFuture<Void> drained() {
        return CompletableFuture.allOf(byKey.values().toArray(CompletableFuture[]::new));
    }

    /**
     * Stops copying: nothing new starts, nothing is retried, and every original being read is closed, so a worker
     * blocked on its bytes (a stalled host, a slow disk) fails at once instead of when the host answers. What was
     * stored and recorded stays; what was in flight ends unavailable and is copied again by a resumed pass.
     * The caller still shuts its executor down.
     */
    public void stop() {
        stopped = true;
        for (MediaFetcher.Original original : reading) {
            closeQuietly(original);
        }
    }

    public CopyTally.Snapshot tally() {
        return tally.snapshot();
    }

    private void end(CompletableFuture<CopyOutcome> future, CopyOutcome outcome) {
        tally.ended(outcome);
        future.complete(outcome);
    }

    private CopyOutcome copyNow(MediaObject object) {
        String lastProblem = "no attempt";
        for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
            try {
                if (attempt > 1) {
                    pause.sleep(policy.waitBefore(attempt));
                }
                if (stopped) {
                    return new CopyOutcome.Unavailable(object, STOPPED);
                }
                return transferOnce(object);
            } catch (MediaUnavailableException permanent) {
                return new CopyOutcome.Unavailable(object, permanent.getMessage());
            } catch (IOException passing) {
                if (stopped) {
                    return new CopyOutcome.Unavailable(object, STOPPED);
                }
                if (Thread.currentThread().isInterrupted()) {
                    // Stopped (the pool shut down): a retry would only fail the same way, or hold up the stop.
                    return new CopyOutcome.Unavailable(object, "the copy was interrupted");
                }
                lastProblem = passing.getMessage() == null ? passing.getClass().getSimpleName() : passing.getMessage();
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                return new CopyOutcome.Unavailable(object, "the copy was interrupted");
            } catch (RuntimeException bug) {
                return new CopyOutcome.Unavailable(object, "unexpected failure: " + bug);
            }
        }
        return new CopyOutcome.Unavailable(object, "still failing after " + policy.attempts() + " attempts: " + lastProblem);
    }

    private CopyOutcome transferOnce(MediaObject object) throws IOException {
        OptionalLong already = store.storedSize(object.key());
        if (already.isPresent()) {
            // Stored by a pass whose record was lost (killed between the store's confirmation and the ledger).
            StoredObject found = new StoredObject(object.key(), object.source(), already.getAsLong(), null);
            ledger.record(found);
            return new CopyOutcome.Stored(object, found, false);
        }
        if (!fetcher.handles(object.source())) {
            throw new MediaUnavailableException("no fetcher reads this kind of reference");
        }
        MediaFetcher.Original original = fetcher.open(object.source());
        reading.add(original);
        try (original) {
            if (stopped) { // stop() ran between open and add, and did not see this one
                throw new IOException(STOPPED);
            }
            InputStream in = new EndUnlessStopped(original.content(), () -> stopped);
            if (original.size().isPresent()) {
                in = new AnnouncedLength(in, original.size().getAsLong());
            }
            CountingInputStream counted = new CountingInputStream(in);
            HashingInputStream hashed = new HashingInputStream(Hashing.sha256(), counted);
            store.put(object.key(), hashed, original.size(), original.contentType());
            StoredObject stored = new StoredObject(object.key(), object.source(), counted.getCount(), hashed.hash().toString());
            ledger.record(stored);
            return new CopyOutcome.Stored(object, stored, true);
        } finally {
            reading.remove(original);
        }
    }

    private static void closeQuietly(MediaFetcher.Original original) {
        try {
            original.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is how the worker is told; a close that fails has nothing more to tell
        }
    }
}
