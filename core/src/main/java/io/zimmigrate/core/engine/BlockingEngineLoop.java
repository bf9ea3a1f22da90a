package io.zimmigrate.core.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The real-time loop: a queue the engine thread waits on, with time from the {@link Clock} the caller chose. */
public final class BlockingEngineLoop implements EngineLoop {
    private static final long NANOS_PER_MILLI = 1_000_000;

    private final Clock clock;
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();

    public BlockingEngineLoop(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long nowMillis() {
        return clock.millis();
    }

    @Override
    public void post(Runnable event) {
        events.add(event);
    }

    @Override
    public void runUntil(long deadlineMillis) throws InterruptedException {
        long wait = nanosUntil(clock.instant(), deadlineMillis);
        Runnable first = wait > 0 ? events.poll(wait, TimeUnit.NANOSECONDS) : events.poll();
        if (first == null) {
            return;
        }
        List<Runnable> batch = new ArrayList<>();
        batch.add(first);
        events.drainTo(batch);
        for (Runnable r : batch) {
            r.run();
        }
    }

    /**
     * From now to the start of the deadline's millisecond, to the clock's own precision. A wait of whole milliseconds
     * from a truncated now ({@code deadline - millis()}) ends up to 1 ms after the deadline, 0.5 ms on average: the
     * pacer's slots are 50 ms apart, and each request 20 after another waits for a second plus the guard after it
     * left, so that lateness added to every 20-request period of P1 (docs/performance.md, "What was found and fixed").
     * A clock that only has milliseconds waits as before.
     */
    static long nanosUntil(Instant now, long deadlineMillis) {
        long nowMillis = now.toEpochMilli();
        if (deadlineMillis <= nowMillis) {
            return 0;
        }
        long wholeMillis = deadlineMillis - nowMillis;
        if (wholeMillis < 0) { // overflowed: as far as it gets
            wholeMillis = Long.MAX_VALUE;
        }
        // toNanos saturates, so a far deadline (Long.MAX_VALUE: nothing to wake for) stays a long wait.
        return TimeUnit.MILLISECONDS.toNanos(wholeMillis) - now.getNano() % NANOS_PER_MILLI;
    }
}
