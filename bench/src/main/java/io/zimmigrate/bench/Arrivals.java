package io.zimmigrate.bench;

import java.util.List;

/**
 * What the server saw of one action: how many requests it let through and when. The rate is counted the way the
 * cap counts, at the server: (n − 1) intervals over the time from the first arrival to the last.
 */
record Arrivals(String action, List<Long> times, long throttled) {

    int count() {
        return times.size();
    }

    long first() {
        return times.isEmpty() ? 0 : times.get(0);
    }

    long last() {
        return times.isEmpty() ? 0 : times.get(times.size() - 1);
    }

    /** Requests per second from the first arrival to the last; 0 with fewer than two. */
    double rate() {
        if (times.size() < 2 || last() == first()) {
            return 0;
        }
        return (times.size() - 1) * 1000.0 / (last() - first());
    }

    /**
     * The gaps between consecutive arrivals: median, the mean of the middle 80 % (sub-millisecond though each time is
     * whole milliseconds), the mean and the largest: a per-call cost moves the first two, a rare stall only the last.
     */
    String gaps() {
        if (times.size() < 3) {
            return "gaps: too few";
        }
        long[] g = new long[times.size() - 1];
        for (int i = 1; i < times.size(); i++) {
            g[i - 1] = times.get(i) - times.get(i - 1);
        }
        java.util.Arrays.sort(g);
        int from = g.length / 10;
        int to = g.length - from;
        double middle = java.util.Arrays.stream(g, from, to).average().orElse(0);
        return String.format("gaps ms: median %d, middle-80%% mean %.2f, mean %.2f, max %d", g[g.length / 2], middle,
                java.util.Arrays.stream(g).average().orElse(0), g[g.length - 1]);
    }

    /** The most arrivals in any 1000 ms window (what a sliding-window limiter would see). */
    int worstSecond() {
        int best = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (times.get(to) - times.get(from) >= 1000) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }
}
