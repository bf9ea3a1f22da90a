package io.zimmigrate.core.engine;

/**
 * How much the pacer's window rule adds to its second: the spread of the time between a request leaving and arriving
 * at ZIM, which ZIM's count of arrivals per second sees and the client cannot. If request k took up to {@code s} ms
 * longer to arrive than request k + qps, the latter lands {@code s} ms sooner than its 1000 ms after k, so a guard of
 * at least {@code s} keeps every sliding second of arrivals within the cap (docs/decisions.md, "The pacer's guard
 * follows the spread of round trips").
 *
 * <p>The one-way time is not observable, but the round trip is, and it is that time plus the server's and the
 * answer's: the spread of a sum of independent delays is at least the spread of each part, so the spread of round
 * trips bounds the spread of arrivals from above. Measured as the longest minus the shortest of the last
 * {@link #SAMPLES} answers (a stall raises it for those answers, about three seconds at the cap; a high quantile
 * instead let a 21st arrival through in the simulation); until {@link #WARM_SAMPLES} answers are in, it assumes the
 * most. It never goes below the configured guard, nor above {@link #MAX_GUARD_MILLIS}, which keeps the rate at
 * ≥ 97.5 % of the cap whatever the network does (a spread beyond that means a throttled answer now and then,
 * retried, and the pacer's slowdown).
 */
final class GuardEstimate {
    static final int SAMPLES = 64;
    static final int WARM_SAMPLES = 16;
    /** 20 requests per 1,025 ms at most: 97.6 % of the cap. */
    static final long MAX_GUARD_MILLIS = 25;

    private final long floorMillis;
    private final long ceilingMillis;
    private final long[] roundTrips = new long[SAMPLES];
    private int next;
    private int count;
    /** The fastest round trip of the whole run: the network's floor (a window's own would forget it). */
    private long fastest = Long.MAX_VALUE;
    private long millis;

    /** A guard between {@code floorMillis} and {@code ceilingMillis}; equal, it is fixed and nothing is measured. */
    GuardEstimate(long floorMillis, long ceilingMillis) {
        this.floorMillis = Math.max(0, floorMillis);
        this.ceilingMillis = Math.max(this.floorMillis, ceilingMillis);
        this.millis = ceilingMillis;
    }

    /** The guard now (ms). */
    long millis() {
        return millis;
    }

    /** One more measured round trip (ms). */
    void observe(long roundTripMillis) {
        if (floorMillis == ceilingMillis) {
            return;
        }
        roundTrips[next] = Math.max(0, roundTripMillis);
        fastest = Math.min(fastest, roundTrips[next]);
        next = (next + 1) % SAMPLES;
        count = Math.min(count + 1, SAMPLES);
        if (count < WARM_SAMPLES) {
            return;
        }
        // Longest of the window minus the fastest ever: measured against the window's own shortest, a request that
        // was slow to arrive and one later that is faster than any in the window (a new floor) could land in one
        // second (PacerTest's property found it: lateness 5, then 1s, then 0 under a guard of 4).
        long longest = 0;
        for (int i = 0; i < count; i++) {
            longest = Math.max(longest, roundTrips[i]);
        }
        millis = Math.min(ceilingMillis, Math.max(floorMillis, longest - fastest));
    }
}
