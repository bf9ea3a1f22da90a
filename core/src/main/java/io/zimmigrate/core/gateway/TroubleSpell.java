package io.zimmigrate.core.gateway;

/**
 * One kind of trouble, and since when it has lasted without a good answer in between: the first occurrence after a
 * {@link #clear()} starts the spell, every later one asks how long it has lasted. Thread-safe (answers arrive on
 * any thread).
 */
final class TroubleSpell {
    private boolean on;
    private long since;

    /** Counts one more occurrence at {@code nowMillis}; returns how long the spell has lasted, in milliseconds. */
    synchronized long occurred(long nowMillis) {
        if (!on) {
            on = true;
            since = nowMillis;
        }
        return Math.max(0, nowMillis - since);
    }

    /** A good answer: the trouble is over. */
    synchronized void clear() {
        on = false;
    }
}
