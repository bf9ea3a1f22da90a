package io.zimmigrate.core.port;

import java.util.Optional;

/**
 * The durable record of what is already relocated (kept in the journal directory): key → source, size,
 * checksum. An object is recorded only after its store confirmed it, so a resumed copy never fetches or
 * uploads a recorded key again, and a message is released only when each of its keys is recorded.
 */
public interface MediaLedger extends AutoCloseable {

    /** The stored object under the key, if it was recorded. */
    Optional<StoredObject> find(String key);

    /** Records a stored object durably (synced) before returning. Safe to call from several threads. */
    void record(StoredObject stored);

    @Override
    void close();
}
