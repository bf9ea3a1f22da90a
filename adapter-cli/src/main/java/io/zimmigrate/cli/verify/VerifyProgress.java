package io.zimmigrate.cli.verify;

import io.zimmigrate.cli.output.Durations;
import io.zimmigrate.core.engine.Verification;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * {@code verify}'s progress on stderr: a line every {@link #EVERY_MILLIS} ("verify: 120,000/4,000,000 timelines
 * compared, 0 differ, 19.8 timelines/s, ETA 54h 25m 03s"), since a read-back of millions of timelines at ZIM's pace takes
 * days and said nothing until its end. The rate is this command's, from its first comparison.
 */
final class VerifyProgress implements Verification.Progress {
    static final long EVERY_MILLIS = 30_000;

    private final PrintWriter err;
    private final LongSupplier millis;
    private long startedAt = -1;
    private long nextAt;

    /** {@code millis}: the time now, in ms (the command's clock). */
    VerifyProgress(PrintWriter err, LongSupplier millis) {
        this.err = err;
        this.millis = millis;
    }

    @Override
    public void compared(long compared, long timelines, long differing) {
        long now = millis.getAsLong();
        if (startedAt < 0) {
            startedAt = now;
            nextAt = now + EVERY_MILLIS;
            return;
        }
        if (now < nextAt) {
            return;
        }
        nextAt = now + EVERY_MILLIS;
        double rate = (compared - 1) * 1000.0 / Math.max(1, now - startedAt);
        String eta = rate > 0 ? Durations.of((long) ((timelines - compared) * 1000 / rate)) : "unknown";
        err.printf("verify: %,d/%,d timelines compared, %,d differ, %.1f timelines/s, ETA %s%n", compared, timelines,
                differing, rate, eta);
        err.flush();
    }
}
