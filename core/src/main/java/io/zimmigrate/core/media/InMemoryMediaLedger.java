package io.zimmigrate.core.media;

import io.zimmigrate.core.port.MediaLedger;
import io.zimmigrate.core.port.StoredObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A ledger that forgets on exit: for a copy that need not resume, and for tests. */
public final class InMemoryMediaLedger implements MediaLedger {
    private final Map<String, StoredObject> byKey = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredObject> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public void record(StoredObject stored) {
        byKey.put(stored.key(), stored);
    }

    @Override
    public void close() {
    }
}
