package io.zimmigrate.core.plan;

import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RetentionWindow;

/**
 * What a plan will cost: when it can finish, and how many messages would leave the retention window before their
 * turn. ZIM takes one request per timeline at a time, so each action ({@code ImportGroupMsg}, {@code ImportPeerMsg},
 * in parallel, each at the cap) needs at least the longer of two bounds: its calls at the cap, and its longest
 * timeline at one call per round trip. The finish is the later action's; the engine's schedule
 * ({@code LaneOrder.CRITICAL_PATH}) comes within a few percent of it. The expiring count assumes send-time order at
 * the cap, which is the order the schedule falls back to when deadlines are at risk.
 *
 * @param group            the group imports: calls, longest timeline, bounds
 * @param peer             the one-to-one imports, likewise
 * @param roundTripMillis  the round trip the chain bound assumes
 * @param durationMillis   the forecast finish: the larger bound of the later action (0 when uncapped)
 */
public record Forecast(ActionForecast group, ActionForecast peer, long roundTripMillis, long durationMillis,
                       long expiringCalls) {
    /**
     * The round trip assumed when none is given (ms): a realistic request to ZIM's servers from another region
     * (signing, TLS on a kept-alive connection, the import itself). {@code plan --round-trip} replaces it; a run
     * measures its own.
     */
    public static final long DEFAULT_ROUND_TRIP_MILLIS = 150;

    /** One action's share: its calls and longest timeline, and the two bounds on its time (ms). */
    public record ActionForecast(long calls, long longestTimeline, long byCapMillis, long byChainMillis) {
        public static ActionForecast of(long calls, long longestTimeline, double rate, long roundTripMillis) {
            return of(calls, longestTimeline, rate, (double) roundTripMillis);
        }

        /** With a measured round trip, which may be a fraction of a millisecond (an emulator on the same machine). */
        public static ActionForecast of(long calls, long longestTimeline, double rate, double roundTripMillis) {
            long byCap = rate > 0 ? (long) Math.ceil(calls * 1000.0 / rate) : 0;
            return new ActionForecast(calls, longestTimeline, byCap, Math.round(longestTimeline * roundTripMillis));
        }

        /** The larger bound: no schedule can do this action's calls sooner. */
        public long millis() {
            return Math.max(byCapMillis, byChainMillis);
        }

        /** Which bound decides: "cap" or "longest timeline". */
        public String boundBy() {
            return byChainMillis > byCapMillis ? "longest timeline" : "cap";
        }
    }

    public long groupCalls() {
        return group.calls();
    }

    public long peerCalls() {
        return peer.calls();
    }

    public static Forecast of(Plan plan, int qps, RetentionWindow retention, long startMillis) {
        return of(plan, qps, retention, startMillis, DEFAULT_ROUND_TRIP_MILLIS);
    }

    public static Forecast of(Plan plan, int qps, RetentionWindow retention, long startMillis, long roundTripMillis) {
        long longestGroup = 0;
        long longestPeer = 0;
        // By number, not by key: building each key and TimelinePlan was most of this loop for millions of timelines.
        TimelineTable timelines = plan.timelineTable();
        for (int i = 0; i < timelines.size(); i++) {
            if (!timelines.isPeerAt(i) && timelines.keyAt(i).startsWith("g:")) {
                longestGroup = Math.max(longestGroup, timelines.callsAt(i));
            } else {
                longestPeer = Math.max(longestPeer, timelines.callsAt(i));
            }
        }
        ActionForecast group = ActionForecast.of(plan.groupImports(), longestGroup, qps, roundTripMillis);
        ActionForecast peer = ActionForecast.of(plan.peerImports(), longestPeer, qps, roundTripMillis);
        if (qps <= 0) {
            return new Forecast(group, peer, roundTripMillis, 0, 0);
        }
        double spacing = 1000.0 / qps;
        long g = 0;
        long p = 0;
        long expiring = 0;
        try (ScratchSpace.RunReader r = plan.messages().read()) {
            while (r.hasNext()) {
                // Send time, kind and timeline count straight from the encoded form: decoding every message again
                // (its strings, body and objects) was a fifth of P4's plan (issue #13).
                byte[] record = r.next();
                long sendTime = MessageCodec.sendTime(record);
                boolean isGroup = MessageCodec.isGroup(record);
                int views = isGroup ? 1 : MessageCodec.timelineCount(record);
                for (int v = 0; v < views; v++) {
                    long index = isGroup ? g++ : p++;
                    long turn = startMillis + (long) (index * spacing);
                    if (sendTime != 0 && turn > retention.deadline(sendTime)) {
                        expiring++;
                    }
                }
            }
        }
        return new Forecast(group, peer, roundTripMillis, Math.max(group.millis(), peer.millis()), expiring);
    }
}
