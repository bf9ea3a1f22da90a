package io.zimmigrate.core.engine;

/**
 * How many tasks wait in all lanes' queues together: what the run compares with its lookahead before reading more
 * of the plan. Only lanes change it, as they take tasks in and let them go.
 */
final class Backlog {
    private long queued;

    void add(long n) {
        queued += n;
    }

    long size() {
        return queued;
    }
}
