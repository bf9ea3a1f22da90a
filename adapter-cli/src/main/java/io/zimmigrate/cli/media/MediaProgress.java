package io.zimmigrate.cli.media;

import io.zimmigrate.core.media.CopyTally;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The copy's own progress during a {@code run}: a line on stderr every two seconds while attachments are still being
 * copied (the imports report theirs separately), and a summary at the end.
 */
public final class MediaProgress implements AutoCloseable {
    private final MediaSession session;
    private final PrintWriter err;
    private final ScheduledExecutorService ticker;
    private CopyTally.Snapshot last;

    public MediaProgress(MediaSession session, PrintWriter err) {
        this.session = session;
        this.err = err;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 2, 2, TimeUnit.SECONDS);
    }

    private synchronized void tick() {
        CopyTally.Snapshot t = session.copier().tally();
        if (t.equals(last) || t.done() == t.wanted() && last != null && last.done() == last.wanted()) {
            return;
        }
        last = t;
        err.printf("media: %d/%d done, %s copied, %d unavailable%n", t.done(), t.wanted(),
                MediaCommand.bytes(t.bytesCopied()), t.unavailable());
        err.flush();
    }

    /** The summary lines, for the run's report. */
    public void printSummary(PrintWriter out) {
        CopyTally.Snapshot t = session.copier().tally();
        out.printf("media: %d attachments%n", t.wanted());
        out.printf("  copied:          %d (%s)%n", t.copied(), MediaCommand.bytes(t.bytesCopied()));
        out.printf("  already stored:  %d%n", t.alreadyStored());
        out.printf("  unavailable:     %d%n", t.unavailable());
        if (t.wanted() > t.done()) {
            out.printf("  not finished:    %d (copied by the next run)%n", t.wanted() - t.done());
        }
        if (session.keptOriginal() > 0) {
            out.printf("  links that keep their original URL: %d (--media-unavailable keep-original)%n",
                    session.keptOriginal());
        }
        out.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
