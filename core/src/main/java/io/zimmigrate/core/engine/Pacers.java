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
    private final Map<Action, RoundTrips> roundTrip = new EnumMap<>(Action.class);
    private final long assumedRoundTripMillis;

    Pacers(int qps, long guardMillis) {
        this(qps, guardMillis, guardMillis, io.zimmigrate.core.plan.Forecast.DEFAULT_ROUND_TRIP_MILLIS);
    }

    /** {@code assumedRoundTripMillis}: the round trip assumed for an action until one of its answers is measured. */
    Pacers(int qps, long guardMillis, long guardCeilingMillis, long assumedRoundTripMillis) {
        this.assumedRoundTripMillis = assumedRoundTripMillis;
        for (Action a : Action.values()) {
            pacers.put(a, new Pacer(qps, guardMillis, guardCeilingMillis));
        }
    }

    /** A run's pacers, as its settings say (shared by every request the run makes, its reads before it included). */
    static Pacers of(Migration.Settings settings) {
        return new Pacers(settings.qps(), settings.guardMillis(), settings.guardCeilingMillis(),
                settings.roundTripMillis());
    }

    Pacer of(Action action) {
        return pacers.get(action);
    }

    /** Whether a request of {@code action} may leave now: its pacer has a slot and no probe is out. */
    boolean mayAdmit(Action action, long now) {
        return mayAdmit(action, now, 0, true);
    }

    /** The same, keeping {@code reserved} places of the window free, spaced or not ({@link Pacer#nextSlot(long, int, boolean)}). */
    boolean mayAdmit(Action action, long now, int reserved, boolean spaced) {
        return !probeOut(action) && pacers.get(action).nextSlot(now, reserved, spaced) <= now;
    }

    /** When a request of {@code action} could leave next, or {@code Long.MAX_VALUE} while its probe is out. */
    long nextSlot(Action action, long now) {
        return nextSlot(action, now, 0, true);
    }

    long nextSlot(Action action, long now, int reserved, boolean spaced) {
        return probeOut(action) ? Long.MAX_VALUE : pacers.get(action).nextSlot(now, reserved, spaced);
    }

    void admitted(Action action, long now) {
        admitted(action, now, true);
    }

    void admitted(Action action, long now, boolean spaced) {
        pacers.get(action).sent(now, spaced);
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

    /** Whether one more request of {@code action} now leaves {@code keep} places free in the window ending at {@code at}. */
    boolean leavesRoomAt(Action action, long at, int keep) {
        return pacers.get(action).leavesRoomAt(at, keep);
    }

    /** An answer of {@code action} came back at {@code nowMillis}, {@code roundTripMillis} after its request left. */
    void answered(Action action, long nowMillis, long roundTripMillis) {
        answered(action);
        pacers.get(action).answeredAfter(roundTripMillis);
        roundTrip.computeIfAbsent(action, a -> new RoundTrips()).answered(nowMillis, roundTripMillis);
    }

    /** The schedule's round trip of {@code action} (whole ms, recent answers), or the assumed one before any answer. */
    long roundTripMillis(Action action) {
        RoundTrips measured = roundTrip.get(action);
        return measured == null ? assumedRoundTripMillis : measured.recentMillis();
    }

    /** The forecast's round trip of {@code action} (ms, unrounded: {@link RoundTrips}), or the assumed one. */
    double meanRoundTripMillis(Action action) {
        RoundTrips measured = roundTrip.get(action);
        return measured == null ? assumedRoundTripMillis : measured.meanMillis();
    }

    /** Whether {@code action}'s round trip has been measured yet. */
    boolean measured(Action action) {
        return roundTrip.containsKey(action);
    }

    /** The rate {@code action} is paced at now (requests per second; 0 when uncapped). */
    double rate(Action action) {
        return pacers.get(action).currentRate();
    }

    private boolean probeOut(Action action) {
        return !answered.contains(action) && probing.contains(action);
    }
}
