package io.zimmigrate.cli.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import java.io.BufferedWriter;
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
 * A generated canonical-JSONL history and what ZIM must hold after importing it. Every message body starts with
 * the message's unique id ({@code c00017 …}), so a landed message can be traced back to exactly one source line
 * even after retries, lost answers and restarts. The mix is hostile on purpose: many timelines (groups, and
 * one-to-one pairs whose two views differ through {@code HiddenFor}), equal send times that only source order
 * separates, lines out of time order, and bodies with quotes, backslashes, control characters, CJK and emoji.
 *
 * @param file     the JSONL file written
 * @param expected per timeline key ({@link Timeline#key()}), the message ids it must hold, in order
 * @param calls    import calls the history needs (one per group message, one per participant view)
 */
public record ChaosHistory(Path file, Map<String, List<String>> expected, int calls) {
    private static final String[] FILLERS = {"hello", "with \"quotes\" and a \\ backslash", "tab\there, newline\nthere",
        "émigré café", "中文消息", "emoji 😀🎉", "<b>not html</b> & more", "   spaced   "};

    /**
     * Writes {@code messages} messages to {@code file}: about 40% into {@code groups} groups, the rest between
     * {@code pairs} pairs of users, all sent within the hour before {@code baseMillis} plus a little. Same seed,
     * same file.
     */
    public static ChaosHistory write(Path file, int messages, int groups, int pairs, long seed, long baseMillis)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ObjectMapper json = new ObjectMapper();
        int users = Math.max(3, pairs + 2);
        int spreadSeconds = Math.max(10, messages / 3); // ~3 messages per second of history: many equal times
        List<Row> rows = new ArrayList<>();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < messages; i++) {
                String id = String.format("c%05d", i);
                long time = baseMillis + random.nextInt(spreadSeconds) * 1000L;
                ObjectNode line = json.createObjectNode().put("Id", id);
                String from;
                if (random.nextInt(10) < 4) {
                    String group = "g" + random.nextInt(groups);
                    from = "u" + random.nextInt(users);
                    line.put("GroupId", group);
                    rows.add(new Row(time, i, new Timeline.GroupTimeline(new GroupId(group)).key(), id));
                } else {
                    int pair = random.nextInt(pairs);
                    String a = "u" + pair;
                    String b = "u" + (pair + 1 + pair % 2); // pairs overlap: u1 talks to u2 and u3, …
                    boolean forward = random.nextBoolean();
                    from = forward ? a : b;
                    String to = forward ? b : a;
                    line.put("ToUserId", to);
                    int hide = random.nextInt(8); // 0: hidden for the recipient, 1: for the sender
                    if (hide <= 1) {
                        line.putArray("HiddenFor").add(hide == 0 ? to : from);
                    }
                    if (hide != 1) {
                        rows.add(new Row(time, i, new Timeline.PeerTimeline(new UserId(from), new UserId(to)).key(), id));
                    }
                    if (hide != 0) {
                        rows.add(new Row(time, i, new Timeline.PeerTimeline(new UserId(to), new UserId(from)).key(), id));
                    }
                }
                line.put("FromUserId", from).put("MessageType", 1);
                line.putObject("MessageBody").put("Message", id + " " + FILLERS[random.nextInt(FILLERS.length)]);
                line.put("SendMessageTime", time);
                out.write(json.writeValueAsString(line));
                out.write('\n');
            }
        }
        rows.sort(Comparator.comparingLong(Row::time).thenComparingInt(Row::line));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (Row row : rows) {
            expected.computeIfAbsent(row.timeline(), k -> new ArrayList<>()).add(row.id());
        }
        return new ChaosHistory(file, expected, rows.size());
    }

    /** The message id a landed body carries (its first word). */
    public static String idOf(String body) {
        int space = body.indexOf(' ');
        return space < 0 ? body : body.substring(0, space);
    }

    private record Row(long time, int line, String timeline, String id) {}
}
