package io.zimmigrate.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * ZIM's per-API request cap: at most {@code qps} requests per key (an Action; for InviteUsersIntoGroup's group-level
 * limit, a GroupId) in one wall-clock second (the second is {@code millis / 1000} of the emulator's clock). Strict by
 * design, so a client whose pacing bursts is caught.
 */
final class RequestCap {
    private final int qps;
    private final Map<String, long[]> windows = new HashMap<>(); // key -> {second, accepted in that second}

    RequestCap(int qps) {
        this.qps = qps;
    }

    /** Counts the request and says whether it is within the cap of its {@code key}. */
    synchronized boolean tryAccept(String key, long nowMillis) {
        if (qps == 0) {
            return true;
        }
        long second = Math.floorDiv(nowMillis, 1000L);
        long[] window = windows.computeIfAbsent(key, a -> new long[] {second, 0});
        if (window[0] != second) {
            window[0] = second;
            window[1] = 0;
        }
        if (window[1] >= qps) {
            return false;
        }
        window[1]++;
        return true;
    }
}
