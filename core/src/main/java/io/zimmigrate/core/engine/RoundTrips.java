package io.zimmigrate.core.engine;

/**
 * One action's measured round trip, two ways. The schedule's: a moving average over about the last 16 answers,
 * steady enough to plan with and quick to follow a change. The forecast's: the mean of the answers of about the last
 * minute ({@link FinishForecast#RATE_WINDOW_MILLIS}, the window of its uncapped rate too), unrounded.
 *
 * <p>Unrounded: each answer is timed on the run's millisecond clock, so a round trip under a millisecond (an emulator
 * on the same machine) reads as 0 or 1, and only a long mean of those is the true one; the short average rounded to
 * 0 or 1 forecast a one-timeline run at twice the time it took. Over a minute: a mean of the last 512 answers is a
 * third of a second at the emulator's pace, so one busy moment of the machine swung the forecast from 2 to 3.5 hours
 * and back within ten seconds; at ZIM's 20 a second a minute is 1,200 answers.
 */
final class RoundTrips {
    private static final int RECENT = 16;
    /** The forecast's window in one-second buckets, each answer's in the second it came back. */
    private static final int SECONDS = (int) (FinishForecast.RATE_WINDOW_MILLIS / 1000);

    private double recent;
    private long answers;
    private final long[] second = new long[SECONDS];
    private final double[] sum = new double[SECONDS];
    private final long[] count = new long[SECONDS];
    private long latestSecond = Long.MIN_VALUE;

    void answered(long nowMillis, long roundTripMillis) {
        double rtt = Math.max(0, roundTripMillis);
        answers++;
        recent = answers == 1 ? rtt : recent + (rtt - recent) / RECENT;
        long s = Math.floorDiv(nowMillis, 1000);
        int slot = (int) Math.floorMod(s, SECONDS);
        if (second[slot] != s) { // a bucket of a minute ago, or never used
            second[slot] = s;
            sum[slot] = 0;
            count[slot] = 0;
        }
        sum[slot] += rtt;
        count[slot]++;
        latestSecond = Math.max(latestSecond, s);
    }

    boolean measured() {
        return answers > 0;
    }

    /** The schedule's round trip: about the last 16 answers, in whole ms. */
    long recentMillis() {
        return Math.round(recent);
    }

    /**
     * The forecast's round trip: the mean of the answers of the minute up to the latest one, in ms, a fraction of one
     * when it is that short; 0 before any answer.
     */
    double meanMillis() {
        double total = 0;
        long n = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (count[i] > 0 && second[i] > latestSecond - SECONDS) {
                total += sum[i];
                n += count[i];
            }
        }
        return n == 0 ? 0 : total / n;
    }
}
