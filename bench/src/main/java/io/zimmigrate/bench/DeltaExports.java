package io.zimmigrate.bench;

import io.zimmigrate.files.jsonl.JsonlSource;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Two exports of the same history and the journal a finished import of the first one leaves, for the delta-run
 * memory benchmark (bench/delta-memory.sh, issue 15). Importing millions of messages one by one to get that journal
 * would take hours at ZIM's cap, so the journal is written directly with core's own classes
 * ({@link AcknowledgedJournal}: the plan {@code zim-migrate run} computes of the previous export, every import call of
 * it acknowledged, the plan kept beside the journal, exactly what a finished run leaves).
 *
 * <p>The next export is the generated history of {@code --messages} messages ({@link HistoryGenerator}, IDs
 * {@code m<i>}, send time rising with {@code i}). The previous export is the same history without the last
 * {@code --new} messages (new: they sort after everything imported), without {@code --late} messages from the
 * middle (late: their timelines already hold later messages), and with {@code --changed} messages from the first
 * quarter carrying another body (changed since import).
 *
 * <pre>
 * DeltaExports --messages N [--groups G] [--pairs P] [--users U] [--seed S] [--now MS] [--new K] [--late L]
 *              [--changed C] --previous FILE --next FILE --journal DIR [--previous-name NAME]
 * </pre>
 * {@code --users U} is bench/memory-shape.py's users shape: one-to-one messages only, message {@code i} between
 * users {@code u(i mod U)} and {@code u((i mod U + U/2 + 1) mod U)}, so {@code N >= U} messages make U
 * conversations (2U timelines) among U users, each user in two conversations (the other fields as the generator's).
 * Prints one summary line; {@code first-new=<index>} in it is the lowest index of a new message.
 */
public final class DeltaExports {
    private DeltaExports() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        long n = args.number("--messages", 1_000_000);
        long now = args.number("--now", System.currentTimeMillis());
        int pairs = args.integer("--pairs", 0);
        int users = args.integer("--users", 0);
        int groups = args.integer("--groups", pairs > 0 || users > 0 ? 0 : 1);
        long seed = args.number("--seed", 15);
        long fresh = args.number("--new", 100);
        long late = args.number("--late", 10);
        long changed = args.number("--changed", 10);
        Path previous = Path.of(args.required("--previous"));
        Path next = Path.of(args.required("--next"));
        Path journal = Path.of(args.required("--journal"));
        String previousName = args.text("--previous-name", previous.toString());
        args.done();
        if (fresh + late + changed >= n / 2) {
            throw new IllegalArgumentException("--new + --late + --changed must stay below half of --messages");
        }
        HistoryGenerator history = new HistoryGenerator(new HistoryShape(n, users > 0 ? 0 : groups,
                users > 0 ? 1 : pairs, false, seed, now, HistoryShape.DEFAULT_SPAN_MILLIS, HistoryShape.DEFAULT_BODY_BYTES));
        LongFunction<String> lines = users > 0 ? i -> usersLine(history.line(i), i, users) : history::line;
        long firstNew = n - fresh;
        long t0 = System.nanoTime();
        for (Path file : new Path[] {next, previous}) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
            for (long i = 0; i < n; i++) {
                w.write(lines.apply(i));
                w.write('\n');
            }
        }
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(previous, StandardCharsets.UTF_8)) {
            for (long i = 0; i < firstNew; i++) {
                if (isLate(i, n, late)) {
                    continue;
                }
                String line = lines.apply(i);
                if (isChanged(i, n, changed)) {
                    line = line.replace("\"m" + i + ": ", "\"m" + i + ": (before an edit) ");
                }
                w.write(line);
                w.write('\n');
                written++;
            }
        }
        long t1 = System.nanoTime();
        AcknowledgedJournal.Written j = AcknowledgedJournal.write(new JsonlSource(previous, previousName,
                JsonlSource.DEFAULT_MAX_LINE_BYTES), now, journal, written, true);
        System.out.printf("exports: next %,d messages, previous %,d (new %,d, late %,d, changed %,d) in %.1f s; "
                + "journal settling all %,d import calls of the previous export in %.1f s; first-new=%d%n", n, written,
                fresh, late, changed, (t1 - t0) / 1e9, j.calls(), (System.nanoTime() - t1) / 1e9, firstNew);
    }

    /** The generator's line of a one-to-one message (its one pair) with the users shape's two users instead. */
    static String usersLine(String pairLine, long i, int users) {
        long x = i % users;
        long y = (x + users / 2 + 1) % users;
        String conv = ",\"ToUserId\":\"u" + y + "\",\"FromUserId\":\"u" + x + "\"";
        int from = pairLine.indexOf(",\"ToUserId\"");
        int to = pairLine.indexOf(",\"MessageType\"");
        return pairLine.substring(0, from) + conv + pairLine.substring(to);
    }

    /** The late messages: spread over the middle half of the history. */
    static boolean isLate(long i, long n, long late) {
        return late > 0 && i >= n / 4 && i < n / 4 + late * (n / 2 / late) && (i - n / 4) % (n / 2 / late) == 0;
    }

    /** The changed messages: spread over the first quarter (never late ones). */
    static boolean isChanged(long i, long n, long changed) {
        return changed > 0 && i < changed * (n / 4 / changed) && i % (n / 4 / changed) == 1;
    }
}
