package io.zimmigrate.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Trouble the emulator makes on purpose, as probabilities per request that passed the signature check and the
 * request cap. For each such request one draw decides among busy, HTTP 500, lost, late or none (so
 * {@code busyRate + http500Rate + lostRate + lateRate} must not exceed 1), and a second, independent draw decides
 * whether the answer is slow.
 *
 * @param busyRate    answer {@code Code 1} ("server busy") and do nothing
 * @param http500Rate answer HTTP 500 with an empty body and do nothing
 * @param lostRate    do the work (an import is stored), then close the connection without answering
 * @param slowRate    delay the answer by {@code slowDelay}
 * @param slowDelay   how long a slow answer waits
 * @param lateRate    take the request in, close the connection without answering (as for a lost answer), and do
 *                    the work {@code lateDelay} later: a server that applies a request long after the client gave up
 *                    on it (ZIM has no idempotency key; docs/decisions.md, "Late landings")
 * @param lateDelay   how long after it arrived a late request is applied
 */
public record Faults(double busyRate, double http500Rate, double lostRate, double slowRate, Duration slowDelay,
                     double lateRate, Duration lateDelay) {
    private static final Faults NONE = new Faults(0, 0, 0, 0, Duration.ZERO);

    /** No late requests. */
    public Faults(double busyRate, double http500Rate, double lostRate, double slowRate, Duration slowDelay) {
        this(busyRate, http500Rate, lostRate, slowRate, slowDelay, 0, Duration.ZERO);
    }

    public Faults {
        rate("busyRate", busyRate);
        rate("http500Rate", http500Rate);
        rate("lostRate", lostRate);
        rate("slowRate", slowRate);
        rate("lateRate", lateRate);
        if (busyRate + http500Rate + lostRate + lateRate > 1.0 + 1e-9) {
            throw new IllegalArgumentException("busyRate + http500Rate + lostRate + lateRate must not exceed 1, but is "
                    + (busyRate + http500Rate + lostRate + lateRate));
        }
        Objects.requireNonNull(slowDelay, "slowDelay");
        Objects.requireNonNull(lateDelay, "lateDelay");
        if (slowDelay.isNegative() || lateDelay.isNegative()) {
            throw new IllegalArgumentException("slowDelay and lateDelay must not be negative, not " + slowDelay + ", "
                    + lateDelay);
        }
    }

    /** No faults: every request is answered at once and truthfully. */
    public static Faults none() {
        return NONE;
    }

    /** True when no fault can ever happen. */
    public boolean isNone() {
        return busyRate == 0 && http500Rate == 0 && lostRate == 0 && slowRate == 0 && lateRate == 0;
    }

    private static void rate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, not " + value);
        }
    }
}
