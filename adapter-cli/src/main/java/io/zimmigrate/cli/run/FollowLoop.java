package io.zimmigrate.cli.run;

import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.port.MessageSource;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code run --follow}: imports what of an input is complete, then waits for it to grow and imports it again as a
 * delta run with the same journal (exact and crash-safe: what the journal settles is never sent again, a late
 * message is handled as in any delta). What "complete" and "grown" mean is the input's {@link Growth}: the complete
 * lines of a JSON Lines file, the files of an export folder that stopped changing. Ends on a stop signal (exit 3:
 * the journal resumes it) or once {@code --until} is reached and everything complete by then is imported. Waits on
 * this thread, looking at the input every poll: no busy loop, and no thread of its own.
 */
final class FollowLoop implements RunSession.Imports {
    private final Growth growth;
    private final Instant until;
    private final Clock clock;
    private final long pollMillis;
    private final InputOptions input;

    FollowLoop(Growth growth, Instant until, Clock clock, long pollMillis, InputOptions input) {
        this.growth = growth;
        this.until = until;
        this.clock = clock;
        this.pollMillis = pollMillis;
        this.input = input;
    }

    @Override
    public int run(RunSession session) throws Exception {
        PrintWriter err = session.err();
        Growth.Snapshot imported = null; // nothing complete yet (an empty file, a line still being written) is waited for
        long imports = 0;
        long importedCalls = 0;
        boolean leftOut = false;
        boolean lookedAgainAtUntil = false;
        MigrationReport last = null;
        MessageSource lastSource = null;
        String waitingSaid = null;
        while (true) {
            boolean untilReached = until != null && !clock.instant().isBefore(until);
            Growth.Snapshot now = growth.look();
            if (now != null && !now.equals(imported)) {
                if (last != null) {
                    leftOut |= session.leftOut(last);
                    session.endImport();
                }
                err.println("follow: importing " + growth.name() + " " + now.since(imported));
                err.flush();
                MigrationReport report;
                MessageSource source;
                try {
                    source = session.forRun(now.source());
                    report = session.importOnce(source);
                } catch (Growth.Moved moved) {
                    // Nothing was journaled or sent: the plan was still being read. The next look reads it again.
                    err.println("follow: " + moved.getMessage() + "; importing it at a later look");
                    err.flush();
                    session.endImport();
                    if (session.signals().received() != null || untilReached && lookedAgainAtUntil) {
                        break; // a stop, or --until already given its one more look: what is imported stays so
                    }
                    lookedAgainAtUntil |= untilReached;
                    waitForGrowth(session, pollMillis);
                    continue;
                }
                last = report;
                lastSource = source;
                imported = now;
                imports++;
                importedCalls += last.imported();
                if (last.stoppedEarly() || untilReached) {
                    break; // past --until: what was complete when it was reached is imported; that is all
                }
                waitingSaid = null;
                continue; // it may have grown meanwhile
            }
            if (session.signals().received() != null) {
                break;
            }
            if (untilReached) {
                if (!growth.settling() || lookedAgainAtUntil) {
                    break;
                }
                lookedAgainAtUntil = true; // files still being written at --until get one more look, a poll later
                waitForGrowth(session, pollMillis);
                continue;
            }
            String unfinished = growth.unfinished();
            String waiting = "follow: " + imports + " imports, " + importedCalls + " calls imported; waiting for "
                    + growth.name() + " to grow" + (unfinished.isEmpty() ? "" : " (" + unfinished + ")")
                    + (until == null ? "; Ctrl-C stops (resumable)" : " until " + until);
            if (!waiting.equals(waitingSaid)) {
                waitingSaid = waiting;
                err.println(waiting);
                err.flush();
            }
            waitForGrowth(session, untilCapped(pollMillis));
        }
        String stop = session.signals().received();
        String unfinished = growth.unfinished();
        if (last == null) {
            err.println("follow: " + growth.name() + " holds nothing complete yet; nothing imported"
                    + (unfinished.isEmpty() ? "" : " (" + unfinished + ")")
                    + (stop == null ? "" : " (" + stop + "): run the same command again to follow it"));
            err.flush();
            return stop == null ? io.zimmigrate.cli.ExitCodes.OK : io.zimmigrate.cli.ExitCodes.STOPPED;
        }
        if (stop != null && !last.stoppedEarly()) {
            // Stopped while waiting: everything read was imported, yet the input may grow on; say it is a stop.
            last = stoppedWhileWaiting(last, stop);
        }
        err.println("follow: " + imports + " imports of " + growth.name() + ", " + importedCalls
                + " calls imported in all; the summary below is of the last one"
                + (unfinished.isEmpty() ? "" : "; not imported, not complete yet: " + unfinished));
        err.flush();
        return session.finish(last, lastSource, input, leftOut);
    }

    /** The poll interval, or less when --until comes sooner. */
    private long untilCapped(long wait) {
        return until == null ? wait : Math.max(1, Math.min(wait, until.toEpochMilli() - clock.millis()));
    }

    /** Sleeps {@code wait} ms, or until a stop signal arrives. */
    private static void waitForGrowth(RunSession session, long wait) throws InterruptedException {
        CountDownLatch wake = new CountDownLatch(1);
        session.signals().stops(reason -> wake.countDown());
        wake.await(wait, TimeUnit.MILLISECONDS);
    }

    private static MigrationReport stoppedWhileWaiting(MigrationReport r, String reason) {
        return new MigrationReport(r.messagesRead(), r.messagesValid(), r.messagesRejected(), r.importCalls(),
                r.imported(), r.importsRejected(), r.alreadyDone(), r.notAttempted(), r.retries(), r.throttled(),
                r.unknownOutcomes(), r.reconciledLanded(), r.resentAfterLoss(), true, reason + " while following the input",
                r.timelines(), r.elapsedMillis(), r.importMillis());
    }
}
