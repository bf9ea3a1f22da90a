package io.zimmigrate.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What reached the server, per Action: every request, the arrival times of accepted ones, and throttle answers. */
final class Traffic {
    private final Map<String, Long> received = new HashMap<>();
    private final Map<String, List<Long>> arrivals = new HashMap<>();
    private final Map<String, Long> throttled = new HashMap<>();

    synchronized void received(String action) {
        received.merge(action, 1L, Long::sum);
    }

    synchronized void accepted(String action, long arrivalMillis) {
        arrivals.computeIfAbsent(action, a -> new ArrayList<>()).add(arrivalMillis);
    }

    synchronized void throttled(String action) {
        throttled.merge(action, 1L, Long::sum);
    }

    synchronized long receivedCount(String action) {
        return received.getOrDefault(action, 0L);
    }

    synchronized List<Long> arrivalTimes(String action) {
        return List.copyOf(arrivals.getOrDefault(action, List.of()));
    }

    synchronized long throttledCount(String action) {
        return throttled.getOrDefault(action, 0L);
    }
}
