package io.zimmigrate.core.engine;

/**
 * One action's measured round trip, two ways. The schedule's: a moving average over about the last 16 answers,
 * steady enough to plan with and quick to follow a change. The forecast's: the mean over about the last 512 answers
 * (all of them until there are that many), unrounded: each answer is timed on the run's millisecond clock, so a round
 * trip under a millisecond (an emulator on the same machine) reads as 0 or 1, and only a long mean of those is the
 * true one; the short average rounded to 0 or 1 forecast a one-timeline run at twice the time it took.
 */
final class RoundTrips {
    private static final int RECENT = 16;
    private static final int LONG = 512;

    private double recent;
    private double mean;
    private long answers;

    void answered(long roundTripMillis) {
        double rtt = Math.max(0, roundTripMillis);
        answers++;
        recent = answers == 1 ? rtt : recent + (rtt - recent) / RECENT;
        mean += (rtt - mean) / Math.min(answers, LONG);
    }

    boolean measured() {
        return answers > 0;
    }

    /** The schedule's round trip: about the last 16 answers, in whole ms. */
    long recentMillis() {
        return Math.round(recent);
    }

    /** The forecast's round trip: about the last 512 answers, in ms, a fraction of one when it is that short. */
    double meanMillis() {
        return mean;
    }
}
