package io.zimmigrate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Makespan against the physical limit (issue #13): the emulator (cap {@code --qps} per action) answers every request
 * after {@code --delay-ms}; the given command (a {@code zim-migrate run}) imports a skewed history ({@link
 * SkewedHistory}). ZIM takes one request per timeline at a time, so no schedule can finish sooner than
 * {@code max((calls of an action − 1) / cap, (longest timeline − 1) × round trip)} (spans between the first and the
 * last arrival). The round trip is measured in the same run: {@link BareClient} posting one timeline's signed bodies
 * ({@code --rtt-input}) back to back on a fresh emulator with the same delay. Figure: limit / the run's span of
 * arrivals; also the throttled answers and each action's worst one-second window.
 *
 * <pre>Makespan --delay-ms 100 --qps 20 --rtt-input FILE --log-dir DIR --goal 0.95 -- java -jar zim-migrate.jar run …</pre>
 */
public final class Makespan {
    private Makespan() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        long delay = args.number("--delay-ms", 100);
        int qps = args.integer("--qps", 20);
        Path rttInput = Path.of(args.required("--rtt-input"));
        Path logs = Path.of(args.required("--log-dir"));
        double goal = args.decimal("--goal", 0.95);
        List<String> command = args.command();
        args.done();
        Files.createDirectories(logs);

        double rtt;
        try (EmulatorHarness h = new EmulatorHarness(qps, Duration.ofMillis(delay))) {
            List<String> bare = List.of(Overhead.javaBinary(), "-cp", System.getProperty("java.class.path"),
                    BareClient.class.getName(), "--endpoint", "{endpoint}", "--app-id", "{app-id}", "--input",
                    rttInput.toString());
            EmulatorHarness.Child child = h.run(bare, logs.resolve("bare.log"), Duration.ofMinutes(5));
            if (child.exitCode() != 0) {
                Result.broken("makespan", "the bare client exited with " + child.exitCode() + "\n" + child.tail());
            }
            rtt = 1000.0 / Overhead.merged(h).rate();
        }
        try (EmulatorHarness h = new EmulatorHarness(qps, Duration.ofMillis(delay))) {
            EmulatorHarness.Child child = h.run(command, logs.resolve("run.log"), Duration.ofMinutes(60));
            if (child.exitCode() != 0) {
                Result.broken("makespan", "the run exited with " + child.exitCode() + "\n" + child.tail());
            }
            long longest = h.emulator().timelineKeys().stream().mapToLong(k -> h.emulator().timeline(k).size())
                    .max().orElse(0);
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            long throttled = 0;
            double byCap = 0;
            StringBuilder worst = new StringBuilder();
            for (String action : List.of(EmulatorHarness.GROUP, EmulatorHarness.PEER)) {
                Arrivals a = h.arrivals(action);
                throttled += a.throttled();
                if (a.count() == 0) {
                    continue;
                }
                first = Math.min(first, a.first());
                last = Math.max(last, a.last());
                byCap = Math.max(byCap, (a.count() - 1) * 1000.0 / qps);
                worst.append(String.format(", %s worst 1 s window %d", action, a.worstSecond()));
            }
            double byChain = (longest - 1) * rtt;
            double limit = Math.max(byCap, byChain);
            long span = last - first;
            double ratio = limit / span;
            Result.note(String.format("limit: %.1f s by the cap, %.1f s by the longest timeline (%d calls × %.1f ms)",
                    byCap / 1000, byChain / 1000, longest, rtt));
            Result.report(String.format("makespan: %.1f s against a limit of %.1f s = %.3f of the limit, %d stored, "
                    + "%d throttled%s, round trip %.1f ms (answer delay %d ms) (goal ≥ %.2f, 0 throttled)", span / 1000.0,
                    limit / 1000, ratio, h.stored(), throttled, worst, rtt, delay, goal), ratio >= goal && throttled == 0);
        }
    }
}
