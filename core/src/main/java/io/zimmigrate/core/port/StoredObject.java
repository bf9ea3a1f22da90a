package io.zimmigrate.core.port;

import java.util.Objects;

/**
 * One attachment in the customer's store, as the ledger records it.
 *
 * @param sha256 hex SHA-256 of the bytes as copied, or null when the object was found already in the store
 *               (copied by an earlier pass whose record was lost) and therefore not read again
 */
public record StoredObject(String key, String source, long size, String sha256) {
    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
