package io.zimmigrate.core.engine;

import io.zimmigrate.core.wire.Action;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * Every action's {@link Pacer} and its first-request probe, shared by everything a run sends (provisioning,
 * imports, read-backs), so ZIM's per-action cap is kept whoever asks.
 *
 * <p>The probe: until an action has had an answer only one of its requests is in flight. A cold transport (class
 * loading, first connection, JIT) holds its first requests back for up to a second and then releases them together,
 * which the server sees as a burst over the cap although the pacer spaced them. One probe absorbs that.
 */
final class Pacers {
    private final Map<Action, Pacer> pacers = new EnumMap<>(Action.class);
    private final EnumSet<Action> answered = EnumSet.noneOf(Action.class);
    private final EnumSet<Action> probing = EnumSet.noneOf(Action.class);

    Pacers(int qps, long guardMillis) {
        for (Action a : Action.values()) {
            pacers.put(a, new Pacer(qps, guardMillis));
        }
    }

    Pacer of(Action action) {
        return pacers.get(action);
    }

    /** Whether a request of {@code action} may leave now: its pacer has a slot and no probe is out. */
    boolean mayAdmit(Action action, long now) {
        return !probeOut(action) && pacers.get(action).nextSlot(now) <= now;
    }

    /** When a request of {@code action} could leave next, or {@code Long.MAX_VALUE} while its probe is out. */
    long nextSlot(Action action, long now) {
        return probeOut(action) ? Long.MAX_VALUE : pacers.get(action).nextSlot(now);
    }

    void admitted(Action action, long now) {
        pacers.get(action).sent(now);
        if (!answered.contains(action)) {
            probing.add(action);
        }
    }

    /** The requests admitted since the last call left now (after the journal flush that precedes them). */
    void departed(long now) {
        pacers.values().forEach(p -> p.departed(now));
    }

    /** An answer of {@code action} came back (any answer): the transport is warm. */
    void answered(Action action) {
        answered.add(action);
    }

    private boolean probeOut(Action action) {
        return !answered.contains(action) && probing.contains(action);
    }
}
