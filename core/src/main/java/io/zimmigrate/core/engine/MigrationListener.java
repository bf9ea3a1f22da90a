package io.zimmigrate.core.engine;

import io.zimmigrate.core.rules.Rejection;

/** Receives progress on the engine thread; keep it quick (draw a bar, write a line). */
public interface MigrationListener {
    MigrationListener NONE = event -> {};

    void onEvent(MigrationEvent event);

    /** Every rejection, from validation and from ZIM, as it happens (write the rejects file here). */
    default void onRejection(Rejection rejection) {}
}
