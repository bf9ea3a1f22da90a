package io.zimmigrate.core.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The real-time loop: a queue the engine thread waits on, with time from the {@link Clock} the caller chose. */
public final class BlockingEngineLoop implements EngineLoop {
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
        long wait = deadlineMillis - clock.millis();
        Runnable first = wait > 0 ? events.poll(wait, TimeUnit.MILLISECONDS) : events.poll();
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
}
