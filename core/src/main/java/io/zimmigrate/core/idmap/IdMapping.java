package io.zimmigrate.core.idmap;

import java.util.Objects;

/** One source ID that had to change to become a valid ZIM ID, and what it became. */
public record IdMapping(IdKind kind, String sourceId, String zimId) {
    public IdMapping {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(zimId, "zimId");
    }
}
