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
