package io.zimmigrate.core.engine.sim;

import java.util.PriorityQueue;

/** Virtual time and the events scheduled in it (server arrivals, answers). Single-threaded and deterministic. */
public final class SimWorld {
    private record Scheduled(long at, long seq, Runnable action) {}

    private final PriorityQueue<Scheduled> agenda = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    public SimWorld(long startMillis) {
        this.now = startMillis;
    }

    public long now() {
        return now;
    }

    public void schedule(long at, Runnable action) {
        agenda.add(new Scheduled(Math.max(at, now), seq++, action));
    }

    /** Runs the next scheduled event if it is due by {@code deadline}; false when there is none. */
    boolean step(long deadline) {
        Scheduled next = agenda.peek();
        if (next == null || next.at > deadline) {
            return false;
        }
        agenda.poll();
        now = Math.max(now, next.at);
        next.action.run();
        return true;
    }

    /** Lets {@code millis} pass, running what falls due (a process restarting, say). */
    public void pass(long millis) {
        long until = now + millis;
        while (step(until)) {
            // keep going
        }
        advanceTo(until);
    }

    void advanceTo(long t) {
        now = Math.max(now, t);
    }

    /** Lets everything still scheduled happen (requests already on the wire reach the server). */
    public void settle() {
        while (step(Long.MAX_VALUE)) {
            // keep going
        }
    }
}
