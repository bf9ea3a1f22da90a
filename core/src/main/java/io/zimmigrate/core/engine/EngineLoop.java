package io.zimmigrate.core.engine;

/**
 * The engine's only contact with time and threads. The engine runs on the thread that calls
 * {@link Migration#run()}; gateway answers arrive on any thread and are {@link #post posted} back to it. A real
 * migration uses {@link BlockingEngineLoop}; tests use a simulated loop with virtual time, so thousands of
 * histories with faults and crashes run deterministically in seconds.
 */
public interface EngineLoop {

    /** Now, in epoch milliseconds. */
    long nowMillis();

    /** Hands {@code event} to the engine thread; safe to call from any thread. */
    void post(Runnable event);

    /**
     * Runs posted events on the calling (engine) thread. Returns once at least one event ran, or when
     * {@code deadlineMillis} has passed with none.
     */
    void runUntil(long deadlineMillis) throws InterruptedException;
}
