package io.zimmigrate.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What reached the server, per Action: every request, the arrival times of accepted ones, and throttle answers;
 * and per MessageType, the imports that were applied but whose answer was withheld (a lost answer).
 */
final class Traffic {
    private final Map<String, Long> received = new HashMap<>();
    private final Map<String, List<Long>> arrivals = new HashMap<>();
    private final Map<String, Long> throttled = new HashMap<>();
    private final Map<Integer, Long> lostImportAnswers = new HashMap<>();

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

    synchronized void importAnswerLost(int messageType) {
        lostImportAnswers.merge(messageType, 1L, Long::sum);
    }

    synchronized Map<Integer, Long> lostImportAnswers() {
        return Map.copyOf(lostImportAnswers);
    }
}
