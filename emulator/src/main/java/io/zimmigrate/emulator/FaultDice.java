package io.zimmigrate.emulator;

import java.util.Random;

/**
 * Decides each request's fault with the emulator's own seeded {@link Random}. Every request draws exactly two
 * numbers, whatever the rates, so the same seed and the same sequence of requests give the same faults even
 * when the rates change between runs of a test.
 */
final class FaultDice {
    enum Kind { NONE, BUSY, HTTP_500, LOST, LATE }

    /** One request's fate; {@code extraDelayMillis} is the slow fault's delay, or 0. */
    record Roll(Kind kind, long extraDelayMillis) {}

    private final Random random;
    private volatile Faults faults;

    FaultDice(long seed, Faults faults) {
        this.random = new Random(seed);
        this.faults = faults;
    }

    void set(Faults faults) {
        this.faults = java.util.Objects.requireNonNull(faults, "faults");
    }

    Faults faults() {
        return faults;
    }

    synchronized Roll roll() {
        Faults f = faults;
        double kind = random.nextDouble();
        double slow = random.nextDouble();
        Kind k;
        if (kind < f.busyRate()) {
            k = Kind.BUSY;
        } else if (kind < f.busyRate() + f.http500Rate()) {
            k = Kind.HTTP_500;
        } else if (kind < f.busyRate() + f.http500Rate() + f.lostRate()) {
            k = Kind.LOST;
        } else if (kind < f.busyRate() + f.http500Rate() + f.lostRate() + f.lateRate()) {
            k = Kind.LATE;
        } else {
            k = Kind.NONE;
        }
        return new Roll(k, slow < f.slowRate() ? f.slowDelay().toMillis() : 0);
    }
}
