package io.zimmigrate.core.engine;

/**
 * Keeps one action's requests under ZIM's cap as the server counts them: never more than {@code qps} arrivals in any
 * second. Requests are spaced {@code 1000/qps} ms apart, and the ({@code qps}+1)-th request waits until
 * {@code 1000 + guard} ms after the first of the previous {@code qps} left, so the time between leaving and arriving
 * cannot push a 21st request into a server's second. A throttled answer lowers the rate; successes climb back to the
 * cap. Time is passed in; the pacer never reads a clock.
 *
 * <p>The guard is fixed by default. Given a ceiling above it, it follows the measured spread of round trips up to
 * that ceiling ({@link GuardEstimate}): ZIM counts arrivals, so request k + qps may arrive as much as the spread of
 * departure-to-arrival times sooner than its 1000 ms after request k. Not the default: the spread of round trips is
 * a loose bound (it holds the answer's leg and the client's own stalls too), measured at 10–12 ms on a quiet
 * loopback, which cost P1 its goal (19.76/s against 19.88/s with the fixed guard, docs/performance.md); a throttled
 * answer now and then is retried and costs less than a slower pace all along (docs/decisions.md).
 */
public final class Pacer {
    /**
     * The least guard a migration uses unless told otherwise (docs/performance.md, P1): 8 ms held the measured rate at
     * 19.74/s; 4 ms gave 19.83–19.88/s with no throttled answer on a quiet box.
     */
    public static final long DEFAULT_GUARD_MILLIS = 4;
    /** The ceiling of a guard that follows the spread of round trips: 20 requests per 1,025 ms, 97.6 % of the cap. */
    public static final long ADAPTIVE_GUARD_CEILING_MILLIS = GuardEstimate.MAX_GUARD_MILLIS;

    private static final double SLOWDOWN = 0.7;
    private static final double CLIMB = 0.02;
    private static final double FLOOR = 0.05;
    /**
     * A send at most this late after its slot is booked at the slot for the spacing rule: the engine thread wakes a
     * little late on every send, and measuring the spacing from the late send would add that lateness up twenty
     * times a second (1000 + 20 × ~0.5 ms per 20 requests, under 19.8/s). The cap itself is kept by the window rule,
     * which uses actual send times.
     */
    private static final long LATE_TOLERANCE_MILLIS = 5;

    private final int qps;
    private final GuardEstimate guard;
    private final long[] recent; // send times, ring buffer of the last qps sends
    private int next;
    private int count;
    /** Sends recorded by {@link #sent} that have not {@link #departed} yet (they wait for the journal's fsync). */
    private int undeparted;
    private long lastSend = Long.MIN_VALUE / 2;
    private double factor = 1.0;

    /** {@code qps} ≤ 0 means uncapped; a fixed guard of {@code guardMillis}. */
    public Pacer(int qps, long guardMillis) {
        this(qps, guardMillis, guardMillis);
    }

    /** A guard from {@code guardMillis} up to {@code guardCeilingMillis}, following the spread of round trips. */
    public Pacer(int qps, long guardMillis, long guardCeilingMillis) {
        this.qps = qps;
        this.guard = new GuardEstimate(guardMillis, guardCeilingMillis);
        this.recent = new long[Math.max(qps, 1)];
    }

    public boolean isCapped() {
        return qps > 0;
    }

    /** The earliest time a request may leave, given it is {@code now}. */
    public long nextSlot(long now) {
        return nextSlot(now, 0, true);
    }

    /**
     * The earliest time a request may leave, keeping {@code reserved} places of the one-second window free for
     * requests that must not wait (the schedule's critical chains), and spaced from the previous spaced request or
     * not: a critical chain's request only has to fit the window, the cap itself.
     */
    long nextSlot(long now, int reserved, boolean spaced) {
        if (qps <= 0) {
            return now;
        }
        int window = Math.max(1, (int) Math.floor(qps * factor)) - Math.max(0, reserved);
        if (window < 1) {
            return Long.MAX_VALUE;
        }
        long slot = now;
        if (spaced) {
            slot = Math.max(slot, lastSend + (long) Math.ceil(1000.0 / (qps * factor)));
        }
        if (count >= window) {
            long oldestInWindow = recent[Math.floorMod(next - window, recent.length)];
            slot = Math.max(slot, oldestInWindow + 1000 + guard.millis());
        }
        return slot;
    }

    /**
     * Whether one more request now still leaves {@code keep} places free in the one-second window that ends at
     * {@code at} (a later instant: when a critical chain's answer is due): the requests sent after
     * {@code at − 1000 − guard} will still be in that window.
     */
    boolean leavesRoomAt(long at, int keep) {
        if (qps <= 0) {
            return true;
        }
        int window = Math.max(1, (int) Math.floor(qps * factor));
        long from = at - 1000 - guard.millis();
        int inWindow = 0;
        for (int i = 1; i <= count; i++) {
            if (recent[Math.floorMod(next - i, recent.length)] <= from) {
                break;
            }
            inWindow++;
        }
        return inWindow + 1 + keep <= window;
    }

    /** Records that a request left at {@code now}. */
    public void sent(long now) {
        sent(now, true);
    }

    /** Records that a request left at {@code now}; an unspaced one does not move the spacing of the others. */
    void sent(long now, boolean spaced) {
        if (qps <= 0) {
            return;
        }
        recent[next] = now;
        next = (next + 1) % recent.length;
        count = Math.min(count + 1, recent.length);
        undeparted = Math.min(undeparted + 1, recent.length);
        if (!spaced) {
            return;
        }
        long slot = lastSend + (long) Math.ceil(1000.0 / (qps * factor));
        lastSend = now > slot && now - slot <= LATE_TOLERANCE_MILLIS ? slot : now;
    }

    /**
     * The requests recorded since the last call actually left at {@code now} (after the journal flush that must
     * precede them). The window rule then counts from when they left, so a slow fsync before one batch cannot bring
     * a later request within a second of it at the server.
     */
    public void departed(long now) {
        for (int i = 1; i <= undeparted; i++) {
            int at = Math.floorMod(next - i, recent.length);
            recent[at] = Math.max(recent[at], now);
        }
        undeparted = 0;
    }

    /**
     * A request's answer came back {@code roundTripMillis} after it was admitted: the guard follows the spread of
     * these ({@link GuardEstimate}).
     */
    public void answeredAfter(long roundTripMillis) {
        guard.observe(roundTripMillis);
    }

    /** The guard the window rule adds to its second now (ms). */
    public long guardMillis() {
        return guard.millis();
    }

    /** ZIM said "too many": slow down. */
    public void throttled() {
        factor = Math.max(FLOOR, factor * SLOWDOWN);
    }

    /** A request went through: climb back towards the cap. */
    public void succeeded() {
        factor = Math.min(1.0, factor + CLIMB);
    }

    /** The rate currently aimed at, in requests per second (0 when uncapped). */
    public double currentRate() {
        return qps <= 0 ? 0 : qps * factor;
    }
}
