package io.zimmigrate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * P5 one timeline: the emulator answers every request after {@code --delay-ms}; one timeline must go one request at a
 * time, so its best possible rate is 1/RTT. RTT is measured in the same run by {@link BareClient} posting the same
 * signed bodies back to back on a fresh emulator; the figure is the given command's server-side rate divided by
 * that, each the best of {@code --rounds} interleaved rounds ({@code {run}} in the command becomes the round
 * number, for a fresh journal each). Also shown against the bare 1/delay.
 *
 * <pre>OneTimeline --delay-ms 50 --qps 20 --input FILE --log-dir DIR -- java -jar zim-migrate.jar run … {endpoint} …</pre>
 */
public final class OneTimeline {
    private OneTimeline() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        long delay = args.number("--delay-ms", 50);
        int qps = args.integer("--qps", 20);
        Path input = Path.of(args.required("--input"));
        double goal = args.decimal("--goal", 0.95);
        int rounds = args.integer("--rounds", 3);
        Path logs = Path.of(args.required("--log-dir"));
        List<String> command = args.command();
        args.done();
        Files.createDirectories(logs);

        List<String> bare = List.of(Overhead.javaBinary(), "-cp", System.getProperty("java.class.path"),
                BareClient.class.getName(), "--endpoint", "{endpoint}", "--app-id", "{app-id}", "--input",
                input.toString());
        // Shared machine: interleave bare and run over several rounds and keep each one's best.
        Arrivals rtt = null;
        Arrivals run = null;
        for (int round = 1; round <= rounds; round++) {
            Arrivals b = measure("bare-" + round, bare, logs, delay, qps);
            String n = Integer.toString(round);
            Arrivals r = measure("run-" + round, command.stream().map(p -> p.replace("{run}", n)).toList(),
                    logs, delay, qps);
            rtt = rtt == null || b.rate() > rtt.rate() ? b : rtt;
            run = run == null || r.rate() > run.rate() ? r : run;
        }
        if (run.count() != rtt.count()) {
            Result.broken("P5 one timeline", "the run stored " + run.count() + " of " + rtt.count() + " calls");
        }
        double ideal = 1000.0 / delay;
        double ratio = run.rate() / rtt.rate();
        Result.report(String.format("P5 one timeline: %.2f req/s = %.3f of 1/RTT (bare client %.2f req/s, RTT %.1f ms; "
                + "%.3f of 1/%d ms), %d calls, best of %d rounds (goal ≥ %.2f)", run.rate(), ratio, rtt.rate(),
                1000.0 / rtt.rate(), run.rate() / ideal, delay, run.count(), rounds, goal), ratio >= goal);
    }

    private static Arrivals measure(String name, List<String> command, Path logs, long delay, int qps)
            throws Exception {
        try (EmulatorHarness h = new EmulatorHarness(qps, Duration.ofMillis(delay))) {
            EmulatorHarness.Child child = h.run(command, logs.resolve(name + ".log"), Duration.ofMinutes(10));
            if (child.exitCode() != 0) {
                Result.broken("P5 one timeline", name + " exited with " + child.exitCode() + "\n" + child.tail());
            }
            Arrivals a = Overhead.merged(h);
            Result.note(String.format("%-5s %d calls in %.2f s: %.2f req/s, %d throttled; %s", name, a.count(),
                    (a.last() - a.first()) / 1000.0, a.rate(), a.throttled(), a.gaps()));
            return a;
        }
    }
}
