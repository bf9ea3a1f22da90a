package io.zimmigrate.core.engine;

import io.zimmigrate.core.wire.Action;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many import calls of each action the run still has to settle, and the longest timeline of the plan: what the
 * schedule's critical path and the forecast of the finish are computed from. Lanes count down as they let tasks go;
 * calls a resume skips without decoding are not counted down, so after a resume it may overstate what is left, which
 * only makes the schedule a little less eager to reserve slots.
 */
final class Workload {
    private final Map<Action, Long> left = new EnumMap<>(Action.class);
    private long longestTimeline;

    void planned(Action action, long calls) {
        left.put(action, calls);
    }

    void longestTimeline(long calls) {
        longestTimeline = calls;
    }

    long longestTimeline() {
        return longestTimeline;
    }

    void done(Action action, long calls) {
        left.merge(action, -calls, Long::sum);
    }

    long left(Action action) {
        return Math.max(0, left.getOrDefault(action, 0L));
    }
}
