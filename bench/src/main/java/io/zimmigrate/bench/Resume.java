package io.zimmigrate.bench;

import io.zimmigrate.emulator.StoredMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * P6 resume: the given command resumes a journal that already holds {@code --acknowledged} imported messages; the
 * figure is the time from spawning its process to the first import request arriving at the emulator. The child is
 * then asked to stop (SIGTERM). Every message that arrived must be a new one: generated bodies start with
 * {@code m<index>:} (or {@code m<index> }, as bench/memory-shape.py writes them, its index the send-time order), and
 * the acknowledged ones are indexes below {@code --acknowledged}.
 *
 * <pre>Resume --acknowledged 1000000 --log FILE -- java -jar zim-migrate.jar run FILE --journal DIR … {endpoint} …</pre>
 */
public final class Resume {
    private Resume() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        long acknowledged = args.number("--acknowledged", 1_000_000);
        long goalMillis = args.number("--goal-ms", 2_000);
        Path log = Path.of(args.required("--log"));
        List<String> command = args.command();
        args.done();

        try (EmulatorHarness h = new EmulatorHarness(20, Duration.ZERO)) {
            EmulatorHarness.Child child = h.run(command, log, Duration.ofMinutes(10), () -> h.imports() > 0);
            Arrivals a = Overhead.merged(h);
            if (a.count() == 0) {
                Result.broken("P6 resume", "no import arrived; the run exited with " + child.exitCode() + "\n"
                        + child.tail());
            }
            long oldest = Long.MAX_VALUE;
            for (String key : h.emulator().timelineKeys()) {
                for (StoredMessage m : h.emulator().timeline(key)) {
                    oldest = Math.min(oldest, index(m.message()));
                }
            }
            if (oldest < acknowledged) {
                Result.broken("P6 resume", "message m" + oldest + " was acknowledged already but was sent again");
            }
            long millis = a.first() - child.startedAtMillis();
            Result.report(String.format("P6 resume: %.2f s from start to the first new send (CPU %.2f s), journal of %,d "
                    + "acknowledged messages (goal ≤ %.1f s)", millis / 1000.0, child.cpuMillisAtStop() / 1000.0,
                    acknowledged, goalMillis / 1000.0),
                    millis <= goalMillis);
        }
    }

    /** The index in a generated body: {@code m<index>} up to a colon or a space. */
    private static long index(String body) {
        int end = 1;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return Long.parseLong(body.substring(1, end));
    }
}
