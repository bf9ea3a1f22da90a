package io.zimmigrate.core.media;

import java.util.Objects;

/**
 * One attachment to relocate: the original as the export references it, and the key it gets in the store.
 * Equal keys mean the same object: it is copied once however many messages share it.
 */
public record MediaObject(String key, String source) {
    public MediaObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
    }
}
