package io.zimmigrate.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A skewed history for the makespan benchmark (issue #13): one hot group of recent messages, and many small older
 * groups whose sizes follow a Zipf law ({@code biggest / rank^s}, at least one message each). Canonical JSONL in
 * send-time order. Oldest-deadline-first sends all the small groups before the hot one, which then runs alone.
 *
 * <pre>SkewedHistory --hot 1500 --small 300 --biggest 5 --zipf 0 --seed 1 --out FILE [--now EPOCH_MS]</pre>
 *
 * With {@code --zipf 0} every small group has {@code --biggest} messages (the measured shape: 1,500 hot
 * messages and 300 groups of 5).
 */
public final class SkewedHistory {
    private SkewedHistory() {}

    /** Writes the history; returns its import calls. */
    static long write(Path out, int hot, int small, int biggest, double zipf, long seed, long now) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        long day = 86_400_000L;
        long calls = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            long t = now - 10 * day;
            for (int g = 0; g < small; g++) {
                int size = zipf == 0 ? biggest : Math.max(1, (int) Math.round(biggest / Math.pow(g + 1, zipf))
                        + r.nextInt(2));
                for (int i = 0; i < size; i++) {
                    line(w, "s" + g + "-" + i, "small" + g, t += 1000);
                    calls++;
                }
            }
            for (int i = 0; i < hot; i++) {
                line(w, "h" + i, "hot", now - day + i * 1000L);
                calls++;
            }
        }
        return calls;
    }

    private static void line(BufferedWriter w, String id, String group, long time) throws IOException {
        w.write("{\"Id\":\"" + id + "\",\"GroupId\":\"" + group + "\",\"FromUserId\":\"" + group
                + "-u\",\"MessageType\":1,\"Priority\":1,\"MessageBody\":{\"Message\":\"" + id
                + ": skewed history\"},\"SendMessageTime\":" + time + "}\n");
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, java.util.Set.of());
        int hot = args.integer("--hot", 1500);
        int small = args.integer("--small", 300);
        int biggest = args.integer("--biggest", 5);
        double zipf = args.decimal("--zipf", 0);
        long seed = args.number("--seed", 1);
        long now = args.number("--now", System.currentTimeMillis());
        Path out = Path.of(args.required("--out"));
        args.done();
        long calls = write(out, hot, small, biggest, zipf, seed, now);
        System.out.printf("skewed history: hot group of %d, %d small groups (biggest %d, zipf %.2f): %d calls into %s%n",
                hot, small, biggest, zipf, calls, out);
    }
}
