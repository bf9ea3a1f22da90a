package io.zimmigrate.cli.run;

import io.zimmigrate.cli.UserException;
import io.zimmigrate.cli.options.InputOptions;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.files.jsonl.JsonlSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code run --follow}: imports the complete lines of a JSON Lines file that is still being written, then waits for
 * it to grow and imports what was appended, as a delta run with the same journal (exact and crash-safe: what the
 * journal settles is never sent again, a late line is handled as in any delta). A line without its newline yet is
 * not read until it is complete. Ends on a stop signal (exit 3: the journal resumes it) or once {@code --until} is
 * reached and everything read by then is imported. Waits on this thread, checking the file's size every poll: no
 * busy loop, and no thread of its own.
 */
final class FollowLoop implements RunSession.Imports {
    private final JsonlSource source;
    private final Instant until;
    private final Clock clock;
    private final long pollMillis;
    private final InputOptions input;

    FollowLoop(JsonlSource source, Instant until, Clock clock, long pollMillis, InputOptions input) {
        this.source = source;
        this.until = until;
        this.clock = clock;
        this.pollMillis = pollMillis;
        this.input = input;
    }

    @Override
    public int run(RunSession session) throws Exception {
        PrintWriter err = session.err();
        long read = 0; // an empty file (or one whose first line is still being written) is waited for
        long imports = 0;
        long importedCalls = 0;
        boolean leftOut = false;
        MigrationReport last = null;
        MessageSource lastSource = null;
        long waitingSaidFor = -1;
        while (true) {
            boolean untilReached = until != null && !clock.instant().isBefore(until);
            long complete = completeLength();
            if (complete < read) {
                // Truncated or replaced: the lines already imported are no longer where they were read.
                throw new UserException(source.name() + ": shrank from " + read + " to " + complete + " bytes of "
                        + "complete lines while followed; a followed file must only grow. Everything imported is "
                        + "journaled: run the same command again to compare the file as it is now (a delta run)");
            }
            if (complete > read) {
                if (last != null) {
                    leftOut |= session.leftOut(last);
                    session.endImport();
                }
                err.println("follow: importing " + source.name() + " up to byte " + complete
                        + (last == null ? "" : " (" + (complete - read) + " bytes appended)"));
                err.flush();
                lastSource = session.forRun(source.upTo(complete));
                last = session.importOnce(lastSource);
                read = complete;
                imports++;
                importedCalls += last.imported();
                if (last.stoppedEarly() || untilReached) {
                    break; // past --until: what was complete when it was reached is imported; that is all
                }
                continue; // it may have grown meanwhile
            }
            if (untilReached || session.signals().received() != null) {
                break;
            }
            if (waitingSaidFor != read) {
                waitingSaidFor = read;
                long partial = size() - complete;
                err.println("follow: " + imports + " imports, " + importedCalls + " calls imported; waiting for "
                        + source.name() + " to grow past byte " + read
                        + (partial > 0 ? " (" + partial + " bytes of a line without its newline yet, read once complete)"
                        : "") + (until == null ? "; Ctrl-C stops (resumable)" : " until " + until));
                err.flush();
            }
            waitForGrowth(session);
        }
        String stop = session.signals().received();
        if (last == null) {
            err.println("follow: " + source.name() + " holds no complete line yet; nothing imported"
                    + (stop == null ? "" : " (" + stop + "): run the same command again to follow it"));
            err.flush();
            return stop == null ? io.zimmigrate.cli.ExitCodes.OK : io.zimmigrate.cli.ExitCodes.STOPPED;
        }
        if (stop != null && !last.stoppedEarly()) {
            // Stopped while waiting: everything read was imported, yet the input may grow on; say it is a stop.
            last = stoppedWhileWaiting(last, stop);
        }
        err.println("follow: " + imports + " imports of " + source.name() + ", " + importedCalls
                + " calls imported in all; the summary below is of the last one");
        err.flush();
        return session.finish(last, lastSource, input, leftOut);
    }

    /** Sleeps until the poll interval passes, a stop signal arrives or --until is reached, whichever is first. */
    private void waitForGrowth(RunSession session) throws InterruptedException {
        long wait = pollMillis;
        if (until != null) {
            wait = Math.max(1, Math.min(wait, until.toEpochMilli() - clock.millis()));
        }
        CountDownLatch wake = new CountDownLatch(1);
        session.signals().stops(reason -> wake.countDown());
        wake.await(wait, TimeUnit.MILLISECONDS);
    }

    private long completeLength() {
        try {
            return JsonlSource.completeLength(source.path());
        } catch (IOException e) {
            throw new UserException(source.name() + ": cannot be read while following it: " + e.getMessage());
        }
    }

    private long size() {
        try {
            return Files.size(source.path());
        } catch (IOException e) {
            return 0;
        }
    }

    private static MigrationReport stoppedWhileWaiting(MigrationReport r, String reason) {
        return new MigrationReport(r.messagesRead(), r.messagesValid(), r.messagesRejected(), r.importCalls(),
                r.imported(), r.importsRejected(), r.alreadyDone(), r.notAttempted(), r.retries(), r.throttled(),
                r.unknownOutcomes(), r.reconciledLanded(), true, reason + " while following the input",
                r.timelines(), r.elapsedMillis());
    }
}
