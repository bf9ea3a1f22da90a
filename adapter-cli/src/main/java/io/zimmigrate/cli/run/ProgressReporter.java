package io.zimmigrate.cli.run;

import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.rules.Rejection;
import java.io.PrintWriter;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a migration's progress: a bar with rate and ETA on a terminal, a plain line every few seconds otherwise
 * (logs, CI). Also passes every rejection on to the rejects file.
 */
final class ProgressReporter implements MigrationListener, AutoCloseable {
    private static final long PLAIN_EVERY_MILLIS = 5_000;

    private final PrintWriter err;
    private final boolean terminal;
    private final Consumer<Rejection> rejections;
    private final Runnable flushRejections;
    private final Runnable settleRejections;
    private ProgressBar bar;
    private long lastPlain;
    private long throttled;
    private long unknown;
    private long provisioned;
    private final ProvisioningLine provisioning = new ProvisioningLine();
    private long lastProvisioningLine;
    private MigrationEvent.Delta delta;
    private MigrationEvent.Grown grown;

    /**
     * {@code flushRejections} makes what was written of the rejects file reach it: before a delta or a growth rewrites
     * its journal (a kill after the rewrite must not lose what it reported: no resume reports it again) and when the
     * run is stopping, and before the journal makes ZIM's refusals durable ({@code Settling}); {@code settleRejections}
     * flushes and marks it settled once planning is over (a resume that reuses the kept plan never reports those
     * rejections again; issue 15) and whenever the journal has made the refusals reported since durable
     * ({@code Settled}), so a resume after a kill reads back only what followed the last of those.
     */
    ProgressReporter(PrintWriter err, boolean terminal, Consumer<Rejection> rejections, Runnable flushRejections,
                     Runnable settleRejections) {
        this.err = err;
        this.terminal = terminal;
        this.rejections = rejections;
        this.flushRejections = flushRejections;
        this.settleRejections = settleRejections;
    }

    @Override
    public void onEvent(MigrationEvent event) {
        if (event instanceof MigrationEvent.Planned p) {
            err.printf("planned: %d messages read, %d rejected, %d import calls over %d timelines%s%n",
                    p.messagesRead(), p.messagesRejected(), p.importCalls(), p.timelines(),
                    p.inputWasOrdered() ? "" : " (input sorted by time)");
            err.flush();
            settleRejections.run();
            if (terminal && p.importCalls() > 0) {
                // startsFrom: rate and ETA count only this run's calls (a resume starts at alreadyDone, not 0);
                // continuousUpdate: the elapsed time keeps ticking while nothing answers.
                bar = new ProgressBarBuilder().setTaskName("importing").setInitialMax(p.importCalls())
                        .startsFrom(p.alreadyDone(), java.time.Duration.ZERO).continuousUpdate()
                        .setStyle(ProgressBarStyle.ASCII).showSpeed().setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                        .setUnit(" calls", 1).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            }
        } else if (event instanceof MigrationEvent.Grown g) {
            grown = g;
            err.println("growth: the input only grew since the plan kept with this journal (" + g.recordsBefore()
                    + " records unchanged): planned only the " + g.appendedRecords() + " appended records; "
                    + describe(g));
            err.flush();
        } else if (event instanceof MigrationEvent.Settling) {
            flushRejections.run();
        } else if (event instanceof MigrationEvent.Settled) {
            settleRejections.run();
        } else if (event instanceof MigrationEvent.Delta d) {
            delta = d;
            err.println("delta: this journal was started with an earlier export; " + describe(d));
            err.flush();
        } else if (event instanceof MigrationEvent.Provisioned) {
            provisioned++;
        } else if (event instanceof MigrationEvent.Provisioning p) {
            provisioning(p);
        } else if (event instanceof MigrationEvent.ProvisionFailed f) {
            err.println("provisioning " + f.subject() + " failed: " + f.code() + " " + f.reason());
        } else if (event instanceof MigrationEvent.Throttled) {
            throttled++;
        } else if (event instanceof MigrationEvent.Unknown) {
            unknown++;
        } else if (event instanceof MigrationEvent.Stopping s) {
            err.println("stopping: " + io.zimmigrate.cli.output.PlainTrouble.readable(s.reason()));
            err.flush();
            flushRejections.run();
        } else if (event instanceof MigrationEvent.Progress p) {
            progress(p);
        } else if (event instanceof MigrationEvent.Reforecast f && bar == null) {
            err.println(forecast(f));
            err.flush();
        }
    }

    /**
     * "forecast: finish in 2m 36s (ImportGroupMsg: 2,980 calls left, 2m 29s at 20.0/s; longest timeline 1,480 calls ×
     * 104 ms = 2m 34s)": the run's own forecast on plan's model, with the round trip it measured.
     */
    static String forecast(MigrationEvent.Reforecast f) {
        StringBuilder s = new StringBuilder("forecast: finish in ").append(duration(f.finishInMillis())).append(" (");
        String sep = "";
        for (MigrationEvent.ActionEta a : f.actions()) {
            if (a.callsLeft() == 0) {
                continue;
            }
            s.append(sep).append(String.format("%s: %,d calls left, %s at %.1f/s; longest timeline %,d calls × %s ms%s = %s",
                    a.action(), a.callsLeft(), duration(a.byCapMillis()), a.rate(), a.longestTimelineLeft(),
                    millis(a.roundTripMillis()), a.measured() ? "" : " (assumed)", duration(a.byChainMillis())));
            sep = "; ";
        }
        return s.append(")").toString();
    }

    /** "104", or "0.45" under 10 ms (an emulator on the same machine answers in less than one). */
    static String millis(double roundTrip) {
        return roundTrip < 10 ? String.format("%.2f", roundTrip) : String.format("%.0f", roundTrip);
    }

    private static String duration(long millis) {
        return io.zimmigrate.cli.output.Durations.of(millis);
    }

    /** On the bar while it waits for provisioning; else a line every few seconds, and one when it is done. */
    private void provisioning(MigrationEvent.Provisioning p) {
        long now = System.nanoTime() / 1_000_000;
        String line = provisioning.line(p, now);
        if (bar != null) {
            bar.setExtraMessage(" " + line);
            return;
        }
        boolean done = p.usersDone() == p.users() && p.groupsDone() == p.groups();
        if (done || lastProvisioningLine == 0 || now - lastProvisioningLine >= PLAIN_EVERY_MILLIS) {
            lastProvisioningLine = now;
            err.println(line);
            err.flush();
        }
    }

    private void progress(MigrationEvent.Progress p) {
        if (bar != null) {
            bar.stepTo(p.settled());
            String finish = p.etaMillis() < 0 ? "" : " finish in ~" + duration(p.etaMillis());
            bar.setExtraMessage(finish + (throttled + unknown > 0 ? " throttled " + throttled + ", lost answers " + unknown : ""));
            return;
        }
        long now = System.nanoTime() / 1_000_000;
        if (now - lastPlain < PLAIN_EVERY_MILLIS && p.settled() < p.total()) {
            return;
        }
        lastPlain = now;
        err.printf("progress: %d/%d calls settled, %.1f calls/s, ETA %s%s%n", p.settled(), p.total(), p.callsPerSecond(),
                p.etaMillis() < 0 ? "unknown" : duration(p.etaMillis()),
                provisioned > 0 ? ", " + provisioned + " users/groups provisioned" : "");
        err.flush();
    }

    /** What a delta run found: in words, and how many of its messages are not sent (late or changed). */
    record DeltaSummary(String text, long notSent) {}

    /** What a delta run found; null when this run was not a delta. */
    DeltaSummary deltaSummary() {
        if (grown != null) {
            return new DeltaSummary("the input only grew: " + grown.appendedRecords() + " records appended after the "
                    + grown.recordsBefore() + " planned before; " + describe(grown), grown.late());
        }
        return delta == null ? null : new DeltaSummary(describe(delta), delta.late() + delta.changed());
    }

    /** What a growth of the input found (--output json); null when this import was not one. */
    MigrationEvent.Grown growthEvent() {
        return grown;
    }

    private static String describe(MigrationEvent.Grown g) {
        return g.late() + " new calls are earlier than their timeline in ZIM (time.behind-timeline, not sent), "
                + (g.appendedLate() > 0 ? g.appendedLate() + " late calls appended at the end of their timelines "
                + "(--late=append, original send times kept), " : "") + g.toImport() + " new calls to import";
    }

    /** --follow, between two imports: the next one reports its own delta, or none. */
    void forgetDelta() {
        delta = null;
        grown = null;
    }

    /** The delta event itself, for --output json; null when this run was not a delta. */
    MigrationEvent.Delta deltaEvent() {
        return delta;
    }

    private static String describe(MigrationEvent.Delta d) {
        return "of the " + d.settledBefore() + " import calls it settled, " + d.alreadyImported()
                + " are in this export (not sent again) and " + d.missing() + " are in ZIM, not in this export; "
                + d.changed() + " messages changed since import (record.changed-since-import, not sent again), "
                + d.late() + " new calls are earlier than their timeline in ZIM (time.behind-timeline, not sent), "
                + (d.appendedLate() > 0 ? d.appendedLate() + " late calls appended at the end of their timelines "
                + "(--late=append, original send times kept), " : "")
                + d.toImport() + " new calls to import";
    }

    @Override
    public void onRejection(Rejection rejection) {
        rejections.accept(rejection);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null; // a second close would draw the bar again, below the summary
        }
    }
}
