package io.zimmigrate.emulator.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The real time, shifted by an offset a test can change at any moment: a server whose clock is (or stops being) off. */
public final class SkewableClock extends Clock {
    private volatile long offsetMillis;

    public void skew(Duration offset) {
        offsetMillis = offset.toMillis();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
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
