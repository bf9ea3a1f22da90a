package io.zimmigrate.core.engine;

import java.util.Comparator;

/**
 * The order in which the {@link Dispatcher} serves lanes that are ready for the same action: the one place that
 * answers "which timeline next". A run takes it from {@link Migration.Settings#laneOrder()}.
 */
final class LaneOrder {
    private LaneOrder() {}

    /**
     * The lane whose head message is oldest first: its retention deadline is the nearest, and a timeline's messages
     * go in send-time order, so the oldest head is the one closest to expiring. Ties by timeline key, so a run is
     * deterministic.
     */
    static final Comparator<Lane> NEAREST_DEADLINE_FIRST = Comparator
            .comparing((Lane l) -> l.head().key())
            .thenComparing(l -> l.key);
}
