package io.zimmigrate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makespan against the physical limit (issue #13): the emulator (cap {@code --qps} per action) answers every request
 * after {@code --delay-ms}; the given command (a {@code zim-migrate run}) imports a skewed history ({@link
 * SkewedHistory}) once per lane order ({@code --orders}, the first is the one the goal is for, the others baselines
 * run side by side in the same invocation, alternating over {@code --rounds}). ZIM takes one request per timeline at a
 * time, so no schedule can finish sooner than {@code max((calls of an action − 1) / cap, (longest timeline − 1) ×
 * round trip)} (spans between the first and the last arrival). The round trip is the run's own: the median of the
 * measured round trips its {@code forecast:} lines give for the longest timeline's action (what the engine plans
 * with: leaving, the answer delay, the answer's way back), or the answer delay if the run printed none. Figure: limit /
 * the run's span of arrivals; also the throttled answers and each action's busiest sliding second.
 *
 * <p>Placeholders in the command: {@code {order}} (the lane order) and {@code {run}} (a name per run, for its journal).
 *
 * <pre>Makespan --delay-ms 100 --qps 20 --log-dir DIR --goal 0.95 --orders critical-path,deadline-first --
 *     java -jar zim-migrate.jar run … --journal DIR/journal-{run} --lane-order {order}</pre>
 */
public final class Makespan {
    private static final Pattern FORECAST_ACTION = Pattern.compile(
            "(Import\\w+Msg): [\\d,]+ calls left, [^;]*; longest timeline [\\d,]+ calls × (\\d+) ms( \\(assumed\\))?");

    private Makespan() {}

    private record Measured(String order, double ratio, double spanSeconds, double limitSeconds, double byCapSeconds,
                            double byChainSeconds, long longest, double roundTrip, String roundTripFrom,
                            long throttled, String worst) {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        long delay = args.number("--delay-ms", 100);
        int qps = args.integer("--qps", 20);
        Path logs = Path.of(args.required("--log-dir"));
        double goal = args.decimal("--goal", 0.95);
        List<String> orders = List.of(args.text("--orders", "critical-path").split(","));
        int rounds = args.integer("--rounds", 1);
        List<String> command = args.command();
        args.done();
        Files.createDirectories(logs);

        String loadBefore = load();
        Map<String, List<Measured>> byOrder = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String order : orders) {
                Measured m = once(command, order.trim(), order.trim() + "-" + round, delay, qps, logs);
                Result.note(String.format("%s, round %d: %.1f s against %.1f s = %.3f (by the cap %.1f s, by the longest "
                        + "timeline %.1f s = %d calls × %.1f ms from %s), %d throttled%s", m.order(), round,
                        m.spanSeconds(), m.limitSeconds(), m.ratio(), m.byCapSeconds(), m.byChainSeconds(), m.longest(),
                        m.roundTrip(), m.roundTripFrom(), m.throttled(), m.worst()));
                byOrder.computeIfAbsent(m.order(), o -> new ArrayList<>()).add(m);
            }
        }
        StringBuilder line = new StringBuilder("makespan:");
        boolean pass = true;
        String sep = " ";
        for (Map.Entry<String, List<Measured>> e : byOrder.entrySet()) {
            Measured median = median(e.getValue());
            long throttled = e.getValue().stream().mapToLong(Measured::throttled).sum();
            line.append(sep).append(String.format("%s %.3f of the limit (%.1f s against %.1f s, round trip %.1f ms), "
                    + "%d throttled%s", e.getKey(), median.ratio(), median.spanSeconds(), median.limitSeconds(),
                    median.roundTrip(), throttled, median.worst()));
            sep = "; ";
            pass &= throttled == 0;
        }
        pass &= median(byOrder.get(orders.get(0).trim())).ratio() >= goal;
        line.append(String.format("; answer delay %d ms, %d round(s), load %s → %s (goal: %s ≥ %.2f, 0 throttled)",
                delay, rounds, loadBefore, load(), orders.get(0).trim(), goal));
        Result.report(line.toString(), pass);
    }

    private static Measured once(List<String> template, String order, String run, long delay, int qps, Path logs)
            throws IOException, InterruptedException {
        List<String> command = template.stream().map(p -> p.replace("{order}", order).replace("{run}", run)).toList();
        Path log = logs.resolve("run-" + run + ".log");
        try (EmulatorHarness h = new EmulatorHarness(qps, Duration.ofMillis(delay))) {
            EmulatorHarness.Child child = h.run(command, log, Duration.ofMinutes(60));
            if (child.exitCode() != 0) {
                Result.broken("makespan", "the " + order + " run exited with " + child.exitCode() + "\n" + child.tail());
            }
            String longestKey = h.emulator().timelineKeys().stream()
                    .max(java.util.Comparator.comparingInt(k -> h.emulator().timeline(k).size())).orElse("g:");
            long longest = h.emulator().timeline(longestKey).size();
            String chainAction = longestKey.startsWith("g:") ? EmulatorHarness.GROUP : EmulatorHarness.PEER;
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
                worst.append(String.format(", %s busiest sliding second %d", action, a.worstSecond()));
            }
            double[] measured = forecastRoundTrips(log, chainAction);
            double rtt = measured.length == 0 ? delay : medianOf(measured);
            String from = measured.length == 0 ? "the answer delay (no forecast line)"
                    : "the median of " + measured.length + " forecast line(s)";
            double byChain = (longest - 1) * rtt;
            double limit = Math.max(byCap, byChain);
            long span = last - first;
            return new Measured(order, limit / span, span / 1000.0, limit / 1000, byCap / 1000, byChain / 1000, longest,
                    rtt, from, throttled, worst.toString());
        }
    }

    /** The round trips (ms) the run measured for {@code action}, one per {@code forecast:} line (assumed ones left out). */
    static double[] forecastRoundTrips(Path log, String action) throws IOException {
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.startsWith("forecast:")) {
                continue;
            }
            Matcher m = FORECAST_ACTION.matcher(line);
            while (m.find()) {
                if (m.group(1).equals(action) && m.group(3) == null) {
                    out.add(Double.parseDouble(m.group(2)));
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double medianOf(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Measured median(List<Measured> runs) {
        List<Measured> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Measured::ratio));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The 1-minute load average (this is a shared box: the figure says how busy it was). */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
