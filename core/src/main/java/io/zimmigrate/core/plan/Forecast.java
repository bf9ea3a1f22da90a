package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RetentionWindow;

/**
 * What a plan will cost at the cap: how long the import calls take, and how many messages would leave the
 * retention window before their turn. Assumes the engine runs at the cap from {@code startMillis}, each action
 * ({@code ImportGroupMsg}, {@code ImportPeerMsg}) in parallel, in send-time order.
 */
public record Forecast(long groupCalls, long peerCalls, long durationMillis, long expiringCalls) {

    public static Forecast of(Plan plan, int qps, RetentionWindow retention, long startMillis) {
        if (qps <= 0) {
            return new Forecast(plan.groupImports(), plan.peerImports(), 0, 0);
        }
        double spacing = 1000.0 / qps;
        long group = 0;
        long peer = 0;
        long expiring = 0;
        try (ScratchSpace.RunReader r = plan.messages().read()) {
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                for (Timeline t : m.timelines()) {
                    long index = t instanceof Timeline.GroupTimeline ? group++ : peer++;
                    long turn = startMillis + (long) (index * spacing);
                    if (m.sendTime() != 0 && turn > retention.deadline(m.sendTime())) {
                        expiring++;
                    }
                }
            }
        }
        long duration = (long) (Math.max(group, peer) * spacing);
        return new Forecast(group, peer, duration, expiring);
    }
}
