package io.zimmigrate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * P2 overhead: the emulator uncapped; the given command (a {@code zim-migrate run} with {@code {transport}} in it)
 * once per transport, against the baseline {@link BareClient} posting the same signed bodies with the same
 * concurrency, each on a fresh emulator, in the same run. The figure is each transport's server-side import rate
 * divided by the baseline's, each taken as its best of {@code --rounds} interleaved rounds (the machine is shared).
 * A first, unmeasured baseline run warms the emulator's JVM, so no contender is first.
 *
 * {@code {run}} in the command becomes the round number (so each run can have a fresh journal).
 *
 * <pre>Overhead --input FILE --transports vertx,feign --log-dir DIR -- java -jar zim-migrate.jar run … --transport {transport} …</pre>
 */
public final class Overhead {
    private Overhead() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        Path input = Path.of(args.required("--input"));
        List<String> transports = List.of(args.text("--transports", "vertx,feign").split(","));
        double goal = args.decimal("--goal", 0.8);
        int rounds = args.integer("--rounds", 3);
        Path logs = Path.of(args.required("--log-dir"));
        List<String> command = args.command();
        args.done();
        Files.createDirectories(logs);

        Map<String, List<SignedBodies.Call>> timelines = SignedBodies.perTimeline(input, System.currentTimeMillis());
        long expect = timelines.values().stream().mapToLong(List::size).sum();
        List<String> bare = List.of(javaBinary(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BareClient.class.getName(), "--endpoint", "{endpoint}", "--app-id", "{app-id}", "--input",
                input.toString());

        measure("warm-up", bare, logs, expect);
        // The machine is shared: interleave the contenders over several rounds, rotating who goes first, and keep
        // each one's best round, so a neighbour's burst of work cannot decide the ratio.
        List<String> names = new ArrayList<>(transports);
        names.add("baseline");
        double[] best = new double[names.size()];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                int i = (k + round) % names.size();
                String name = names.get(i);
                int r = round;
                List<String> cmd = name.equals("baseline") ? bare
                        : command.stream().map(p -> p.replace("{transport}", name).replace("{run}", "" + (r + 1))).toList();
                best[i] = Math.max(best[i], measure(name + "-" + (round + 1), cmd, logs, expect));
            }
        }
        double baseline = best[names.size() - 1];
        List<String> parts = new ArrayList<>();
        boolean pass = true;
        for (int i = 0; i < transports.size(); i++) {
            double ratio = best[i] / baseline;
            pass &= ratio >= goal;
            parts.add(String.format("%s %.2f (%.0f req/s)", transports.get(i), ratio, best[i]));
        }
        Result.report(String.format("P2 overhead: %s vs bare Vert.x Web Client %.0f req/s; %d calls over %d timelines, "
                + "best of %d rounds (goal ≥ %.2f)", String.join(", ", parts), baseline, expect, timelines.size(), rounds,
                goal), pass);
    }

    /** One contender on a fresh, uncapped emulator: its import rate as the server saw it. */
    private static double measure(String name, List<String> command, Path logs, long expect) throws Exception {
        try (EmulatorHarness h = new EmulatorHarness(0, Duration.ZERO)) {
            EmulatorHarness.Child child = h.run(command, logs.resolve(name + ".log"), Duration.ofMinutes(20));
            if (child.exitCode() != 0) {
                Result.broken("P2 overhead", name + " exited with " + child.exitCode() + "\n" + child.tail());
            }
            if (h.stored() != expect) {
                Result.broken("P2 overhead", name + " stored " + h.stored() + " of " + expect + " calls");
            }
            Arrivals all = merged(h);
            Result.note(String.format("%-9s %,d calls in %.2f s at the server: %.1f req/s (process %.2f s)", name,
                    all.count(), (all.last() - all.first()) / 1000.0, all.rate(),
                    (child.endedAtMillis() - child.startedAtMillis()) / 1000.0));
            return all.rate();
        }
    }

    static Arrivals merged(EmulatorHarness h) {
        List<Long> times = new ArrayList<>(h.emulator().arrivalTimesMillis(EmulatorHarness.GROUP));
        times.addAll(h.emulator().arrivalTimesMillis(EmulatorHarness.PEER));
        times.sort(null);
        return new Arrivals("imports", times, h.emulator().throttledAnswers(EmulatorHarness.GROUP)
                + h.emulator().throttledAnswers(EmulatorHarness.PEER));
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
