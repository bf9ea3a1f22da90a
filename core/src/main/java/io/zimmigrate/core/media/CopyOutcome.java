package io.zimmigrate.core.media;

import io.zimmigrate.core.port.StoredObject;
/** How one object's copy ended. */
public sealed interface CopyOutcome {
    MediaObject object();

    /**
     * In the store and recorded.
     *
     * @param transferred true when this pass fetched and uploaded it; false when the ledger or the store had it
     */
    record Stored(MediaObject object, StoredObject stored, boolean transferred) implements CopyOutcome {}

    /** Could not be fetched: permanently (404, 403, missing file), or still failing after every attempt. */
    record Unavailable(MediaObject object, String reason) implements CopyOutcome {}
}
