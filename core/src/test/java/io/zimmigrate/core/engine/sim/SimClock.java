package io.zimmigrate.core.engine.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The simulated world's time as a {@link Clock} (UTC), for what reads a clock: the gateway's request signer. */
final class SimClock extends Clock {
    private final SimWorld world;

    SimClock(SimWorld world) {
        this.world = world;
    }

    @Override
    public long millis() {
        return world.now();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(world.now());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
