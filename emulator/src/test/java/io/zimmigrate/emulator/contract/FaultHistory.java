package io.zimmigrate.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated history (groups and one-to-one pairs, many equal timestamps, records out of time order) as a
 * {@link MessageSource}, with the timelines ZIM must end up holding: each message once, in (send time, record)
 * order. {@link #assertLandedExactly} is the check every server-fault test ends with.
 */
public final class FaultHistory implements MessageSource {
    private final List<RawMessage> records = new ArrayList<>();
    private final Map<String, List<String>> expected = new LinkedHashMap<>();

    /**
     * @param messages how many records
     * @param base     the earliest send time (epoch ms); keep it inside the retention window
     * @param seed     decides senders, conversations and times
     */
    public FaultHistory(int messages, long base, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        record Row(long time, int index, String timeline, String body) {}
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            long t = base + r.nextInt(30) * 1000L;
            String body = "m" + i + "-" + Long.toHexString(r.nextLong());
            String from = "u" + r.nextInt(4);
            RawMessage.Builder b = RawMessage.builder().id("id" + i).fromUserId(from).messageType(1).priority(1)
                    .bodyMessage(body).sendMessageTime(t);
            if (r.nextInt(5) < 3) {
                String group = "g" + r.nextInt(3);
                records.add(b.groupId(group).build());
                rows.add(new Row(t, i, new Timeline.GroupTimeline(new GroupId(group)).key(), body));
            } else {
                String to = from.equals("u0") ? "u1" : "u0";
                records.add(b.toUserId(to).build());
                rows.add(new Row(t, i, new Timeline.PeerTimeline(new UserId(from), new UserId(to)).key(), body));
                rows.add(new Row(t, i, new Timeline.PeerTimeline(new UserId(to), new UserId(from)).key(), body));
            }
        }
        rows.sort(Comparator.comparingLong(Row::time).thenComparingInt(Row::index));
        for (Row row : rows) {
            expected.computeIfAbsent(row.timeline(), k -> new ArrayList<>()).add(row.body());
        }
    }

    /** Import calls the history needs (a one-to-one message is two). */
    public long importCalls() {
        return expected.values().stream().mapToLong(List::size).sum();
    }

    /** Every timeline's expected bodies, oldest first. */
    public Map<String, List<String>> expected() {
        return expected;
    }

    /** How many messages the emulator holds now, over all timelines. */
    public static long landed(ZimEmulator zim) {
        return zim.timelineKeys().stream().mapToLong(k -> zim.timeline(k).size()).sum();
    }

    /** Nothing lost, nothing twice, nothing out of order, nothing that does not belong. */
    public void assertLandedExactly(ZimEmulator zim) {
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertThat(zim.timeline(e.getKey()).stream().map(StoredMessage::message).toList())
                    .as("timeline %s", e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        assertThat(expected.keySet()).containsAll(zim.timelineKeys());
    }

    @Override
    public String name() {
        return "fault-history";
    }

    @Override
    public RecordStream open() {
        return new ListSource(records).open();
    }
}
