package io.zimmigrate.bench;

import io.zimmigrate.emulator.StoredMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The delta run of bench/delta-memory.sh: the given command (the real {@code zim-migrate run} of the next export with
 * the journal of the previous one) against an emulator in this JVM, to its end. Reports the time from spawning it to
 * the first import arriving (how long the delta takes to get going: P6's spirit), its wall time, its peak RSS
 * (VmHWM, polled) and how many messages arrived. Every message that arrived must be one the earlier export did not
 * have (bodies start with {@code m<index>:}): a new one (index at least {@code --first-new}), of which {@code --expect}
 * import calls must arrive, or one of {@link DeltaExports}' late ones (given {@code --messages} and {@code --late}):
 * a late message lands when its timeline held nothing later (in a one-to-one conversation, a view may not).
 * With {@code --resume}, the delta run is stopped (SIGTERM) at its first import and the same command run again to the
 * end: the second figure is then a resume of a delta run (P6: ≤ 2 s to the first new send with 1M settled messages).
 *
 * <pre>DeltaRun --first-new I --expect K [--messages N --late L] --log FILE [--resume] -- java -Xmx256m … -jar zim-migrate.jar run … {endpoint} …</pre>
 * Prints {@code delta run: first new send after S s, done in W s, peak RSS R MiB, K messages arrived, exit E}
 * (with {@code --resume}: {@code …, resumed: first new send after S s, done in W s, peak RSS R MiB, …}).
 */
public final class DeltaRun {
    private DeltaRun() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of("--resume"));
        boolean resume = args.flag("--resume");
        long firstNew = args.number("--first-new", 0);
        long expect = args.number("--expect", -1);
        long messages = args.number("--messages", 0);
        long late = args.number("--late", 0);
        Path log = Path.of(args.required("--log"));
        List<String> command = args.command();
        args.done();

        try (EmulatorHarness h = new EmulatorHarness(20, Duration.ZERO)) {
            Watched delta = Watched.run(h, command, log, resume);
            if (delta.firstArrival == 0) {
                Result.broken("delta run", "no import arrived; exit " + delta.child.exitCode() + "\n"
                        + delta.child.tail());
            }
            String figures = delta.describe();
            EmulatorHarness.Child child = delta.child;
            if (resume) {
                Watched resumed = Watched.run(h, command, Path.of(log + ".resume"), false);
                figures += ", resumed: " + resumed.describe();
                child = resumed.child;
            }
            long arrived = h.stored();
            long lateArrived = 0;
            for (String key : h.emulator().timelineKeys()) {
                for (StoredMessage m : h.emulator().timeline(key)) {
                    long index = Long.parseLong(m.message().substring(1, m.message().indexOf(':')));
                    if (index < firstNew && DeltaExports.isLate(index, messages, late)) {
                        lateArrived++;
                    } else if (index < firstNew) {
                        Result.broken("delta run", "message m" + index + " was imported earlier but was sent again");
                    }
                }
            }
            if (expect >= 0 && arrived - lateArrived != expect) {
                Result.broken("delta run", (arrived - lateArrived) + " new messages arrived, expected " + expect
                        + "; exit " + child.exitCode() + "\n" + child.tail());
            }
            System.out.println("delta run: " + figures + ", " + (arrived - lateArrived) + " new and " + lateArrived
                    + " late messages arrived, exit " + child.exitCode());
        }
    }

    /** One run of the child, watched: when the first import of this run arrived, and its peak RSS. */
    private static final class Watched {
        private EmulatorHarness.Child child;
        private long firstArrival;
        private long peakKb;
        private long lastPoll;

        static Watched run(EmulatorHarness h, List<String> command, Path log, boolean stopAtFirstImport)
                throws IOException, InterruptedException {
            Watched w = new Watched();
            long before = h.imports();
            w.child = h.run(command, log, Duration.ofMinutes(60), () -> {
                if (w.firstArrival == 0 && h.imports() > before) {
                    w.firstArrival = System.currentTimeMillis();
                }
                long nowNanos = System.nanoTime();
                if (nowNanos - w.lastPoll > 100_000_000L) {
                    w.lastPoll = nowNanos;
                    ProcessHandle.current().children().forEach(c -> w.peakKb = Math.max(w.peakKb, peakRss(c.pid())));
                }
                return stopAtFirstImport && w.firstArrival != 0;
            });
            return w;
        }

        String describe() {
            String first = firstArrival == 0 ? "nothing left to send"
                    : String.format("first new send after %.2f s", (firstArrival - child.startedAtMillis()) / 1000.0);
            return String.format("%s, done in %.1f s, peak RSS %.0f MiB", first,
                    (child.endedAtMillis() - child.startedAtMillis()) / 1000.0, peakKb / 1024.0);
        }
    }

    private static long peakRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the child is gone between listing and reading: its last poll stands
        }
        return 0;
    }
}
