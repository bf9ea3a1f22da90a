package io.zimmigrate.cli.plan;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the planner checks and encodes records on while the command's thread keeps the ordered part (core
 * starts no thread of its own: {@code Planner.preparingOn}). Daemon threads, so they never keep the process alive;
 * closed when the plan is made. How many: one per core beyond the command's own thread (the reading thread of a
 * JSON Lines file is mostly idle in a plan), at least one, at most three; {@code -Dzim-migrate.plan-workers=N}
 * sets another number for measurements (docs/decisions.md, "Planning on two cores").
 */
public final class PlanWorkers implements AutoCloseable {
    private final ExecutorService pool;

    private PlanWorkers(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "zim-migrate-plan-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static PlanWorkers start() {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = Integer.getInteger("zim-migrate.plan-workers", Math.min(3, Math.max(1, cores - 1)));
        return new PlanWorkers(Math.max(1, threads));
    }

    public ExecutorService executor() {
        return pool;
    }

    @Override
    public void close() {
        pool.shutdownNow(); // after a failure, chunks still being checked are of no use
    }
}
