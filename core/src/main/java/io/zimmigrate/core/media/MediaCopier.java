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
 */
public final class MediaCopier implements MediaFailures {

    private final MediaFetcher fetcher;
    private final MediaStore store;
    private final MediaLedger ledger;
    private final Executor transfers;
    private final CopyPolicy policy;
    private final Pause pause;
    private final CopyTally tally = new CopyTally();
    private final ConcurrentHashMap<String, CompletableFuture<CopyOutcome>> byKey = new ConcurrentHashMap<>();

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
        Optional<StoredObject> recorded = ledger.find(object.key());
        if (recorded.isPresent()) {
            end(mine, new CopyOutcome.Stored(object, recorded.get(), false));
            return mine;
        }
        try {
            transfers.execute(() -> end(mine, copyNow(object)));
        } catch (RuntimeException rejected) {
            end(mine, new CopyOutcome.Unavailable(object, "the copy was stopped before it started"));
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
                return transferOnce(object);
            } catch (MediaUnavailableException permanent) {
                return new CopyOutcome.Unavailable(object, permanent.getMessage());
            } catch (IOException passing) {
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
        try (MediaFetcher.Original original = fetcher.open(object.source())) {
            InputStream in = original.content();
            if (original.size().isPresent()) {
                in = new AnnouncedLength(in, original.size().getAsLong());
            }
            CountingInputStream counted = new CountingInputStream(in);
            HashingInputStream hashed = new HashingInputStream(Hashing.sha256(), counted);
            store.put(object.key(), hashed, original.size(), original.contentType());
            StoredObject stored = new StoredObject(object.key(), object.source(), counted.getCount(), hashed.hash().toString());
            ledger.record(stored);
            return new CopyOutcome.Stored(object, stored, true);
        }
    }
}
