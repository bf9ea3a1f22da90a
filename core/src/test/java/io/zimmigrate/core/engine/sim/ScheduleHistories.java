package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.input.RawMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The histories {@link ScheduleSimulationTest} schedules: the issue's (a hot group and many small older ones),
 * skewed ones with Zipf-shaped timeline sizes, both actions at once, and small timelines at the retention window's
 * edge. Sent as of {@link #NOW}; IDs say the timeline: {@code s…} small, {@code h…} hot.
 */
final class ScheduleHistories {
    static final long NOW = 1_732_000_000_000L;
    static final long DAY = 86_400_000L;

    private ScheduleHistories() {}

    /** 1,200 group messages in 40 groups and 1,200 one-to-one messages in 40 pairs (two calls each), five days old. */
    static List<RawMessage> bothActionsHistory() {
        List<RawMessage> history = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            history.add(group("g" + i, "g" + (i % 40), NOW - 5 * DAY + i));
            history.add(peer("p" + i, "u" + (i % 40), "v" + (i % 40), NOW - 5 * DAY + i)); // two calls each
        }
        return history;
    }

    /** 300 small older groups of 5 messages and one hot group of 1,500 recent ones: 3,000 calls. */
    static List<RawMessage> issuesHistory() {
        List<RawMessage> history = new ArrayList<>();
        for (int g = 0; g < 300; g++) {
            for (int i = 0; i < 5; i++) {
                history.add(group("s" + g + "-" + i, "small" + g, NOW - 10 * DAY + g * 1000L + i));
            }
        }
        for (int i = 0; i < 1500; i++) {
            history.add(group("h" + i, "hot", NOW - DAY + i * 1000L));
        }
        return history;
    }

    /**
     * A hot timeline of recent messages plus many small older ones whose sizes follow a Zipf law; a group history, a
     * one-to-one history, or both.
     */
    static List<RawMessage> skewed(SplittableRandom r) {
        List<RawMessage> out = new ArrayList<>();
        int kind = r.nextInt(3); // 0 groups, 1 one-to-one, 2 both
        int small = 100 + r.nextInt(300);
        double s = 1.0 + r.nextDouble();
        int biggest = 4 + r.nextInt(40);
        long t = NOW - 10 * DAY;
        int n = 0;
        for (int c = 0; c < small; c++) {
            int size = Math.max(1, (int) Math.round(biggest / Math.pow(c + 1, s) + r.nextInt(3)));
            boolean peer = kind == 1 || kind == 2 && r.nextBoolean();
            for (int i = 0; i < size; i++) {
                out.add(peer ? peer("s" + n++, "a" + c, "b" + c, t += 1000) : group("s" + n++, "small" + c, t += 1000));
            }
        }
        int hot = 300 + r.nextInt(1200);
        boolean hotPeer = kind == 1;
        long h = NOW - DAY;
        for (int i = 0; i < hot; i++) {
            out.add(hotPeer ? peer("h" + i, "hot-a", "hot-b", h + i * 1000L) : group("h" + i, "hot", h + i * 1000L));
        }
        return out;
    }

    /** Small timelines whose oldest messages are minutes from the window's end, and a hot timeline. */
    static List<RawMessage> nearTheWindowsEnd(SplittableRandom r, long retentionDays) {
        List<RawMessage> out = new ArrayList<>();
        long edge = NOW - retentionDays * DAY;
        int small = 200 + r.nextInt(200);
        for (int c = 0; c < small; c++) {
            int size = 1 + r.nextInt(4);
            for (int i = 0; i < size; i++) {
                out.add(group("s" + c + "-" + i, "small" + c, edge + 5_000 + r.nextInt(60_000)));
            }
        }
        int hot = 200 + r.nextInt(400);
        for (int i = 0; i < hot; i++) {
            out.add(group("h" + i, "hot", edge + 20_000 + i * 100L));
        }
        return out;
    }

    private static RawMessage group(String id, String group, long time) {
        return RawMessage.builder().id(id).groupId(group).fromUserId("u-" + group).messageType(1).bodyMessage("b-" + id)
                .sendMessageTime(time).build();
    }

    private static RawMessage peer(String id, String from, String to, long time) {
        return RawMessage.builder().id(id).toUserId(to).fromUserId(from).messageType(1).bodyMessage("b-" + id)
                .sendMessageTime(time).build();
    }
}
