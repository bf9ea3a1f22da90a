package io.zimmigrate.core.engine;

import java.util.random.RandomGenerator;

/**
 * How long to wait before trying again after the {@code n}-th failure in a row: doubling from {@code base} up to
 * {@code max}, with "equal jitter" (half fixed, half drawn from the injected randomness) so timelines that failed
 * together do not come back together. The one backoff of the engine: imports, read-backs and provisioning.
 */
record Backoff(long baseMillis, long maxMillis) {
    static final Backoff DEFAULT = new Backoff(250, 30_000);

    long delay(int failures, RandomGenerator jitter) {
        long full = Math.min(maxMillis, baseMillis << Math.min(Math.max(failures, 1) - 1, 16));
        return full / 2 + jitter.nextLong(full / 2 + 1);
    }
}
