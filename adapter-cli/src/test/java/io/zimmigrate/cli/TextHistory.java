package io.zimmigrate.cli;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small generated JSONL history of text messages a day old for the end-to-end ITs, and what each timeline must
 * hold after it is imported: about 60% in 3 groups, the rest one-to-one to {@code u0} (or from {@code u0} to
 * {@code u1}) in both views; send times within 30 s, so out of order with many ties that only the line order
 * separates.
 */
final class TextHistory {
    private TextHistory() {}

    /**
     * Writes {@code messages} records to {@code file} from {@code senders} senders ({@code u0}…); with
     * {@code repeatedOk}, about a third of the bodies are the same "ok" (so a body alone does not say which
     * message it is), else every body is unique. Same seed, same file.
     *
     * @return per timeline key, its bodies in (send time, line) order
     */
    static Map<String, List<String>> write(Path file, int messages, long seed, int senders, boolean repeatedOk)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        long base = System.currentTimeMillis() - 86_400_000L;
        record Row(long time, int line, String timeline, String body) {}
        List<Row> rows = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < messages; i++) {
            long t = base + r.nextInt(30) * 1000L;
            String body = repeatedOk && r.nextInt(3) == 0 ? "ok" : "msg-" + i + "-" + Integer.toHexString(r.nextInt());
            String from = "u" + r.nextInt(senders);
            if (r.nextInt(5) < 3) {
                String g = "g" + r.nextInt(3);
                out.append(String.format("{\"Id\":\"m%d\",\"GroupId\":\"%s\",\"FromUserId\":\"%s\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"%s\"},\"SendMessageTime\":%d}%n", i, g, from, body, t));
                rows.add(new Row(t, i, new Timeline.GroupTimeline(new GroupId(g)).key(), body));
            } else {
                String to = from.equals("u0") ? "u1" : "u0";
                out.append(String.format("{\"Id\":\"m%d\",\"ToUserId\":\"%s\",\"FromUserId\":\"%s\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"%s\"},\"SendMessageTime\":%d}%n", i, to, from, body, t));
                rows.add(new Row(t, i, new Timeline.PeerTimeline(new UserId(from), new UserId(to)).key(), body));
                rows.add(new Row(t, i, new Timeline.PeerTimeline(new UserId(to), new UserId(from)).key(), body));
            }
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
        rows.sort(Comparator.comparingLong(Row::time).thenComparingInt(Row::line));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        rows.forEach(row -> expected.computeIfAbsent(row.timeline(), k -> new ArrayList<>()).add(row.body()));
        return expected;
    }
}
