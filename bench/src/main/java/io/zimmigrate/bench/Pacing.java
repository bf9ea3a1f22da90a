package io.zimmigrate.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * P1 pacing: the emulator capped at {@code --qps}, the given command (a {@code zim-migrate run}) imports
 * {@code --expect} calls; the server-side rate of each import action over the run and the throttled answers.
 * Goal: every action at ≥ {@code --goal} requests per second, none throttled, every call stored once.
 *
 * <pre>Pacing --qps 20 --expect 640 --timelines 16 --log FILE -- java -jar zim-migrate.jar run … --endpoint {endpoint} …</pre>
 */
public final class Pacing {
    private Pacing() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        int qps = args.integer("--qps", 20);
        long expect = args.number("--expect", 0);
        int timelines = args.integer("--timelines", 0);
        double goal = args.decimal("--goal", qps * 0.99);
        Path log = Path.of(args.required("--log"));
        String dump = args.text("--arrivals", null);
        long delay = args.number("--delay-ms", 0);
        List<String> command = args.command();
        args.done();

        try (EmulatorHarness h = new EmulatorHarness(qps, Duration.ofMillis(delay))) {
            EmulatorHarness.Child child = h.run(command, log, Duration.ofMinutes(30));
            if (child.exitCode() != 0) {
                Result.broken("P1 pacing", "the run exited with " + child.exitCode() + "\n" + child.tail());
            }
            if (dump != null) {
                java.nio.file.Files.write(Path.of(dump), h.arrivals(EmulatorHarness.GROUP).times().stream()
                        .map(String::valueOf).toList());
            }
            long stored = h.stored();
            long throttled = 0;
            boolean pass = true;
            List<String> parts = new ArrayList<>();
            for (String action : List.of(EmulatorHarness.GROUP, EmulatorHarness.PEER)) {
                Arrivals a = h.arrivals(action);
                throttled += a.throttled();
                if (a.count() == 0 && a.throttled() == 0) {
                    continue;
                }
                pass &= a.rate() >= goal;
                parts.add(String.format("%s %.2f req/s (%d calls in %.2f s, worst 1 s window %d)", action, a.rate(),
                        a.count(), (a.last() - a.first()) / 1000.0, a.worstSecond()));
            }
            pass &= throttled == 0 && stored == expect;
            parts.forEach(Result::note);
            String rates = String.join(", ", parts.stream().map(p -> p.substring(0, p.indexOf(" ("))).toList());
            Result.report(String.format("P1 pacing: %s, %d throttled, %d/%d stored over %d timelines "
                    + "(goal ≥ %.1f/s, 0 throttled)", rates, throttled, stored, expect, timelines, goal), pass);
        }
    }
}
