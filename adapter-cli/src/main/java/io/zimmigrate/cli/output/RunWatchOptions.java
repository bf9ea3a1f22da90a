package io.zimmigrate.cli.output;

import io.zimmigrate.cli.metrics.EventsFile;
import io.zimmigrate.cli.metrics.MetricsServer;
import io.zimmigrate.cli.status.RunTally;
import io.zimmigrate.cli.status.StatusFileWriter;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.rules.Rejection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code run}'s options for watching it from elsewhere: Prometheus metrics, a JSON Lines events file; and, always
 * when the journal is on disk, the status file that {@code zim-migrate status} reads.
 */
public final class RunWatchOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics while the run goes (0: any free "
                    + "port; the address is printed).")
    private Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "With --metrics-port: the address to listen on, e.g. 0.0.0.0 for every interface. "
                    + "Default: ${DEFAULT-VALUE} (this machine only).")
    private String metricsBind;

    @Option(names = "--events", paramLabel = "FILE",
            description = "Append every event of the run (sent, imported, rejected, retried, ...) to FILE as JSON lines.")
    private Path events;

    /** Starts what was asked for; close the result when the run ends. */
    public Watch start(CommandLine cmd, Path journalDir, Clock clock, String target, java.time.Duration giveUpAfter) {
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
            throw new CommandLine.ParameterException(cmd, "--metrics-port must be 0 to 65535, not " + metricsPort);
        }
        if (metricsPort == null && !"127.0.0.1".equals(metricsBind)) {
            throw new CommandLine.ParameterException(cmd, "--metrics-bind needs --metrics-port");
        }
        PrintWriter err = cmd.getErr();
        RunTally tally = new RunTally(clock);
        Watch watch = new Watch(tally, err);
        watch.trouble = new TroubleNotices(err, target, giveUpAfter);
        try {
            if (journalDir != null) {
                watch.status = new StatusFileWriter(journalDir, tally, err);
            }
            if (events != null) {
                watch.events = EventsFile.open(events, clock);
            }
            if (metricsPort != null) {
                watch.metrics = MetricsServer.start(metricsBind, metricsPort, tally);
                err.println("metrics: " + watch.metrics.url());
                err.flush();
            }
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        return watch;
    }

    /** The listeners and the server of one run. */
    public static final class Watch implements AutoCloseable {
        private final RunTally tally;
        private final PrintWriter err;
        private TroubleNotices trouble;
        private StatusFileWriter status;
        private EventsFile events;
        private MetricsServer metrics;

        Watch(RunTally tally, PrintWriter err) {
            this.tally = tally;
            this.err = err;
        }

        public RunTally tally() {
            return tally;
        }

        /** {@code first} (the progress display), then the tally, the status file and the events file. */
        public MigrationListener around(MigrationListener first) {
            List<MigrationListener> all = new ArrayList<>(List.of(first, tally, trouble));
            if (status != null) {
                all.add(status);
            }
            if (events != null) {
                all.add(events);
            }
            return new MigrationListener() {
                @Override
                public void onEvent(MigrationEvent event) {
                    all.forEach(l -> l.onEvent(event));
                }

                @Override
                public void onRejection(Rejection rejection) {
                    all.forEach(l -> l.onRejection(rejection));
                }
            };
        }

        /** The run reached its end rather than stopping early or failing. */
        public void finished() {
            if (status != null) {
                status.finished();
            }
        }

        @Override
        public void close() {
            if (status != null) {
                status.close();
            }
            if (events != null) {
                events.close();
                if (events.failed()) {
                    err.println("warning: some events could not be written to " + events.file());
                }
            }
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
