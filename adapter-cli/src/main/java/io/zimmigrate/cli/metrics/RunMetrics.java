package io.zimmigrate.cli.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zimmigrate.cli.status.RunTally;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The run's meters, read from its {@link RunTally} when scraped (so counting stays on the engine thread and costs
 * nothing extra) except the round-trip timer, fed as answers come. The names, as Prometheus shows them, are
 * listed in docs/operations.md ("Metrics"); keep the two in step.
 */
final class RunMetrics {
    static final List<String> ACTIONS = List.of("ImportGroupMsg", "ImportPeerMsg");

    private RunMetrics() {}

    static void register(MeterRegistry registry, RunTally tally) {
        for (String action : ACTIONS) {
            for (String outcome : List.of("imported", "rejected")) {
                FunctionCounter.builder("zim.migrate.calls", tally, t -> t.count(action + "." + outcome))
                        .description("Import calls settled by this run, by action and outcome")
                        .tags("action", action, "outcome", outcome).register(registry);
            }
            FunctionCounter.builder("zim.migrate.throttled", tally, t -> t.count(action + ".throttled"))
                    .description("Answers that asked this run to slow down").tags("action", action).register(registry);
        }
        FunctionCounter.builder("zim.migrate.retries", tally, t -> t.count("retries"))
                .description("Import calls to be sent again later (refused connection, busy, throttled)").register(registry);
        FunctionCounter.builder("zim.migrate.lost.answers", tally, t -> t.count("lostAnswers"))
                .description("Imports whose answer was lost; each is read back before anything is resent").register(registry);
        for (boolean landed : new boolean[] {true, false}) {
            FunctionCounter.builder("zim.migrate.reconciliations", tally,
                            t -> t.count(landed ? "reconciled.landed" : "reconciled.notLanded"))
                    .description("Lost answers read back, by whether the import had landed")
                    .tags("landed", String.valueOf(landed)).register(registry);
        }
        FunctionCounter.builder("zim.migrate.provisioned", tally, t -> t.count("provisioned"))
                .description("Users registered and groups created").register(registry);
        Gauge.builder("zim.migrate.calls.planned", tally, t -> Math.max(0, t.total()))
                .description("Import calls of the whole migration").register(registry);
        Gauge.builder("zim.migrate.calls.settled", tally, RunTally::settled)
                .description("Import calls settled, including those done by earlier runs").register(registry);
        Gauge.builder("zim.migrate.in.flight", tally, RunTally::inFlight)
                .description("Import requests sent and not answered yet").register(registry);
        Gauge.builder("zim.migrate.timelines.ready", tally, RunTally::readyTimelines)
                .description("Timelines with an import ready to send, waiting only for a place in the pace").register(registry);
        FunctionCounter.builder("zim.migrate.media.copied", tally, RunTally::mediaBytesCopied).baseUnit("bytes")
                .description("Media bytes this run copied to the --media-to store").register(registry);
        Gauge.builder("zim.migrate.eta", tally, RunTally::etaSeconds).baseUnit("seconds")
                .description("Expected time left by the engine's estimate; -1 while unknown").register(registry);
        Map<String, Timer> roundTrips = new ConcurrentHashMap<>();
        for (String action : ACTIONS) {
            roundTrips.put(action, Timer.builder("zim.migrate.round.trip")
                    .description("Time from sending an import to its answer").tags("action", action)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5))
                    .maximumExpectedValue(Duration.ofSeconds(60)).register(registry));
        }
        tally.observeRoundTrips((action, nanos) -> {
            Timer timer = roundTrips.get(action);
            if (timer != null) {
                timer.record(nanos, TimeUnit.NANOSECONDS);
            }
        });
    }
}
