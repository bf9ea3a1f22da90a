package io.zimmigrate.core.idmap;

import java.util.List;

/**
 * A source that had to change some of its IDs to make them valid for ZIM. {@code --id-map FILE} writes these
 * mappings so the rest of a migration (registering accounts, creating groups) can use the same IDs.
 */
public interface MappedIds {

    /** Every ID changed so far (after a full pass: all of them), in the order first seen. */
    List<IdMapping> idMappings();

    /**
     * Whether {@link #idMappings()} already lists every ID of the whole source. A source that learns its IDs
     * while reading returns false until one pass has reached the end; one that knows them all up front (from a
     * user list, say) keeps the default.
     */
    default boolean idMappingsComplete() {
        return true;
    }
}
