package io.zimmigrate.core.engine;

/**
 * Keeps one action's requests under ZIM's cap as the server counts them: never more than {@code qps} in any
 * wall-clock second. Requests are spaced {@code 1000/qps} ms apart, and the ({@code qps}+1)-th request waits
 * until {@code 1000 + guard} ms after the first of the previous {@code qps}, so small arrival jitter cannot push
 * a 21st request into a server's second. A throttled answer lowers the rate; successes climb back to the cap.
 * Time is passed in; the pacer never reads a clock.
 */
public final class Pacer {
    private static final double SLOWDOWN = 0.7;
    private static final double CLIMB = 0.02;
    private static final double FLOOR = 0.05;

    private final int qps;
    private final long guardMillis;
    private final long[] recent; // send times, ring buffer of the last qps sends
    private int next;
    private int count;
    private long lastSend = Long.MIN_VALUE / 2;
    private double factor = 1.0;

    /** {@code qps} ≤ 0 means uncapped. */
    public Pacer(int qps, long guardMillis) {
        this.qps = qps;
        this.guardMillis = guardMillis;
        this.recent = new long[Math.max(qps, 1)];
    }

    public boolean isCapped() {
        return qps > 0;
    }

    /** The earliest time a request may leave, given it is {@code now}. */
    public long nextSlot(long now) {
        if (qps <= 0) {
            return now;
        }
        int window = Math.max(1, (int) Math.floor(qps * factor));
        double spacing = 1000.0 / (qps * factor);
        long slot = Math.max(now, lastSend + (long) Math.ceil(spacing));
        if (count >= window) {
            long oldestInWindow = recent[Math.floorMod(next - window, recent.length)];
            slot = Math.max(slot, oldestInWindow + 1000 + guardMillis);
        }
        return slot;
    }

    /** Records that a request left at {@code now}. */
    public void sent(long now) {
        if (qps <= 0) {
            return;
        }
        recent[next] = now;
        next = (next + 1) % recent.length;
        count = Math.min(count + 1, recent.length);
        lastSend = now;
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
