package io.zimmigrate.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
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
 * <p>With a {@link Mix#mediaShare() media share}, that share of the messages are images (11) and files (12) instead
 * of text. Their {@code Uid} is the message id (so they are traced by it), and their file name and URL come from a
 * small pool ({@link Mix#mediaFiles()}) so the same file is sent again and again, as people share one picture twice:
 * two messages whose content is the same and only the Uid tells apart. File names hold spaces, quotes and emoji, URLs
 * hold {@code &}, {@code %} and {@code ?}, which ZIM's documented read-back form URL-encodes.
 *
 * @param file     the JSONL file written
 * @param expected per timeline key ({@link Timeline#key()}), the message ids it must hold, in order
 * @param calls    import calls the history needs (one per group message, one per participant view)
 * @param mediaMessages how many of its messages are images and files
 */
public record ChaosHistory(Path file, Map<String, List<String>> expected, int calls, int mediaMessages) {
    private static final String[] FILE_NAMES = {"holiday photo.jpg", "report \"final\" v2.pdf", "图片 😀.png",
        "a+b=c&d.txt", "100%.gif", "plain.jpg"};
    private static final String[] FILLERS = {"hello", "with \"quotes\" and a \\ backslash", "tab\there, newline\nthere",
        "émigré café", "中文消息", "emoji 😀🎉", "<b>not html</b> & more", "   spaced   "};

    /**
     * Writes {@code messages} messages to {@code file}: about 40% into {@code groups} groups, the rest between
     * {@code pairs} pairs of users, all sent within the hour before {@code baseMillis} plus a little. Same seed,
     * same file.
     */
    public static ChaosHistory write(Path file, int messages, int groups, int pairs, long seed, long baseMillis)
            throws IOException {
        return write(file, messages, groups, pairs, seed, baseMillis, Mix.TEXT_ONLY);
    }

    /**
     * What kinds of message a history holds.
     *
     * @param mediaShare share of messages (0 to 1) that are images and files (half each), the rest text
     * @param mediaFiles how many different files (name and URL) the media messages share; 0: a new file each
     */
    public record Mix(double mediaShare, int mediaFiles) {
        public static final Mix TEXT_ONLY = new Mix(0, 0);

        public Mix {
            if (mediaShare < 0 || mediaShare > 1 || mediaFiles < 0) {
                throw new IllegalArgumentException("media share must be 0 to 1 and media files 0 or more, not "
                        + mediaShare + " and " + mediaFiles);
            }
        }
    }

    /** As {@link #write(Path, int, int, int, long, long)}, with media messages as {@code mix} says. */
    public static ChaosHistory write(Path file, int messages, int groups, int pairs, long seed, long baseMillis, Mix mix)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ObjectMapper json = new ObjectMapper();
        int users = Math.max(3, pairs + 2);
        int spreadSeconds = Math.max(10, messages / 3); // ~3 messages per second of history: many equal times
        List<Row> rows = new ArrayList<>();
        int media = 0;
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
                line.put("FromUserId", from);
                if (mix.mediaShare() > 0 && random.nextDouble() < mix.mediaShare()) { // text only: the old sequence
                    int shared = mix.mediaFiles() == 0 ? i : random.nextInt(mix.mediaFiles());
                    boolean image = random.nextBoolean();
                    media++;
                    line.put("MessageType", image ? 11 : 12);
                    line.set("MessageBody", json.createObjectNode().set("Message", media(json, id, shared, image)));
                } else {
                    line.put("MessageType", 1);
                    line.putObject("MessageBody").put("Message", id + " " + FILLERS[random.nextInt(FILLERS.length)]);
                }
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
        return new ChaosHistory(file, expected, rows.size(), media);
    }

    /** An image or file body (as a JSON object, which the reader turns into ZIM's JSON text); Uid is the id. */
    private static ObjectNode media(ObjectMapper json, String id, int file, boolean image) {
        String name = String.format("%03d %s", file, FILE_NAMES[file % FILE_NAMES.length]);
        String url = "https://cdn.example/f/" + file + "/x%20y.bin?sig=a&b=" + file;
        ObjectNode body = json.createObjectNode().put("Uid", id).put("FileName", name).put("Size", 1000 + file);
        if (image) {
            body.putObject("Origin").put("Url", url).put("Width", 640).put("Height", 480);
        } else {
            body.put("Url", url);
        }
        return body;
    }

    /** The message id a landed body carries: a media body's {@code Uid}, else the text's first word. */
    public static String idOf(String body) {
        if (body.startsWith("{")) {
            try {
                JsonNode uid = new ObjectMapper().readTree(body).get("Uid");
                if (uid != null && uid.isTextual()) {
                    return uid.asText();
                }
            } catch (IOException e) {
                // not a media body after all: fall back to the first word
            }
        }
        int space = body.indexOf(' ');
        return space < 0 ? body : body.substring(0, space);
    }

    private record Row(long time, int line, String timeline, String id) {}
}
