package io.zimmigrate.core.media;

import java.time.Duration;

/**
 * How hard a passing failure (a timeout, a reset, a 5xx) is retried: {@code attempts} tries in all, waiting
 * {@code firstWait}, then twice that, and so on. A permanent failure (404, 403) is never retried.
 */
public record CopyPolicy(int attempts, Duration firstWait) {
    public static final CopyPolicy DEFAULT = new CopyPolicy(4, Duration.ofSeconds(1));

    public CopyPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        if (firstWait.isNegative()) {
            throw new IllegalArgumentException("a wait is not negative");
        }
    }

    Duration waitBefore(int attempt) {
        return firstWait.multipliedBy(1L << Math.min(attempt - 2, 20));
    }
}
