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
 * (VmHWM, polled) and how many messages arrived. Every message that arrived must be a new one (index at least
 * {@code --first-new}: bodies start with {@code m<index>:}), and {@code --expect} of them must arrive.
 *
 * <pre>DeltaRun --first-new I --expect K --log FILE -- java -Xmx256m … -jar zim-migrate.jar run … {endpoint} …</pre>
 * Prints {@code delta run: first new send after S s, done in W s, peak RSS R MiB, K messages arrived, exit E}.
 */
public final class DeltaRun {
    private DeltaRun() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        long firstNew = args.number("--first-new", 0);
        long expect = args.number("--expect", -1);
        Path log = Path.of(args.required("--log"));
        List<String> command = args.command();
        args.done();

        try (EmulatorHarness h = new EmulatorHarness(20, Duration.ZERO)) {
            long[] firstArrival = {0};
            long[] peakKb = {0};
            long[] lastPoll = {0};
            EmulatorHarness.Child child = h.run(command, log, Duration.ofMinutes(60), () -> {
                if (firstArrival[0] == 0 && h.imports() > 0) {
                    firstArrival[0] = System.currentTimeMillis();
                }
                long nowNanos = System.nanoTime();
                if (nowNanos - lastPoll[0] > 100_000_000L) {
                    lastPoll[0] = nowNanos;
                    ProcessHandle.current().children().forEach(c -> peakKb[0] = Math.max(peakKb[0], peakRss(c.pid())));
                }
                return false;
            });
            long arrived = h.stored();
            for (String key : h.emulator().timelineKeys()) {
                for (StoredMessage m : h.emulator().timeline(key)) {
                    long index = Long.parseLong(m.message().substring(1, m.message().indexOf(':')));
                    if (index < firstNew) {
                        Result.broken("delta run", "message m" + index + " was imported earlier but was sent again");
                    }
                }
            }
            if (expect >= 0 && arrived != expect) {
                Result.broken("delta run", arrived + " messages arrived, expected " + expect + "; exit "
                        + child.exitCode() + "\n" + child.tail());
            }
            if (firstArrival[0] == 0) {
                Result.broken("delta run", "no import arrived; exit " + child.exitCode() + "\n" + child.tail());
            }
            System.out.printf("delta run: first new send after %.2f s, done in %.1f s, peak RSS %.0f MiB, %d "
                    + "messages arrived, exit %d%n", (firstArrival[0] - child.startedAtMillis()) / 1000.0,
                    (child.endedAtMillis() - child.startedAtMillis()) / 1000.0, peakKb[0] / 1024.0, arrived,
                    child.exitCode());
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
