package io.zimmigrate.core.engine;

import io.zimmigrate.core.wire.Action;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Decides what may be sent now, and nothing else: per-action ready queues in the order its {@link Priority} gives, a
 * waiting queue of work that is backing off, each action's {@link Pacers pacer and first-request probe}, and the
 * in-flight limit. What a request is and what its answer means belongs to the caller's {@link Admission}.
 *
 * <p>"Which work next" is the priority alone. Its keys are read once, when work is queued, and kept with the entry, so
 * they must only depend on what cannot change while the work waits (a lane's head and counts do not change while the
 * lane is queued). With deadlines, each action has two queues over the same work (by rank, and by deadline); an entry
 * taken from one is dropped from the other when it comes to the top (its ticket is no longer the work's).
 */
final class Dispatcher<W extends Dispatcher.Work> {

    /** Something that can be sent: a lane, a provisioning call. */
    interface Work {
        /** Whether it has something to send now (not already in flight, not stopped, not empty). */
        boolean hasWork();

        /** The action its next request is. */
        Action nextAction();

        /** Not before this time (epoch ms): backing off. */
        long readyAt();
    }

    /** What the dispatcher's caller does with work it admits. */
    interface Admission<W> {
        /**
         * A last look before the pacer: the caller may settle the work's next item without a request (e.g. a message
         * that left the retention window while it waited) and answer true; the work is then queued again. This is
         * also where a hook that must run before a send (storing media first) can hold work back.
         */
        default boolean settledWithoutSending(W work, long now) {
            return false;
        }

        /**
         * Whether the work must wait for something outside the dispatcher before its next request (its media is
         * still being stored). Held work leaves the queue without taking a slot; the caller schedules it again.
         */
        default boolean heldBack(W work, long now) {
            return false;
        }

        /** Sends the work's next request (as {@code action}); its answer must end with {@link #answered}. */
        void send(W work, Action action);
    }

    /**
     * How ready work is ranked. {@link #rank}, {@link #deadline} and {@link #deadlineTie} are read when the work is
     * queued; {@link #atRisk} and {@link #critical} when it is about to be admitted.
     */
    interface Priority<W> {
        /** Smaller goes first. */
        long rank(W work);

        /** When the work's next item is due (its send time: the retention deadline is that plus the window). */
        long deadline(W work);

        /** Orders equal deadlines. */
        long deadlineTie(W work);

        /** Whether a second queue by deadline is kept and consulted through {@link #atRisk}. */
        default boolean usesDeadlines() {
            return false;
        }

        /** The earliest-deadline work could miss its deadline unless it goes now: it goes before the rank's choice. */
        default boolean atRisk(W earliest, Action action, long now) {
            return false;
        }

        /**
         * The work is on the critical path: it skips the pacer's spacing (only the cap binds it), and while it is in
         * flight one place of its action's window is kept free for its next request.
         */
        default boolean critical(W work, Action action) {
            return false;
        }

        /** Ranks by a key alone, no deadlines, nothing critical. */
        static <W> Priority<W> by(java.util.function.ToLongFunction<W> rank) {
            return new Priority<>() {
                @Override
                public long rank(W work) {
                    return rank.applyAsLong(work);
                }

                @Override
                public long deadline(W work) {
                    return 0;
                }

                @Override
                public long deadlineTie(W work) {
                    return 0;
                }
            };
        }
    }

    private record Entry<W>(W work, long ticket, long rank, long deadline, long tie) {}

    private static final Comparator<Entry<?>> BY_RANK = Comparator.<Entry<?>>comparingLong(Entry::rank)
            .thenComparingLong(Entry::deadline).thenComparingLong(Entry::tie).thenComparingLong(Entry::ticket);
    private static final Comparator<Entry<?>> BY_DEADLINE = Comparator.<Entry<?>>comparingLong(Entry::deadline)
            .thenComparingLong(Entry::tie).thenComparingLong(Entry::ticket);

    private final Pacers pacers;
    private final int maxInFlight;
    private final Priority<W> priority;
    private final Map<Action, PriorityQueue<Entry<W>>> ready = new EnumMap<>(Action.class);
    private final Map<Action, PriorityQueue<Entry<W>>> byDeadline = new EnumMap<>(Action.class);
    private final PriorityQueue<W> waiting = new PriorityQueue<>(Comparator.comparingLong(Work::readyAt));
    /** Work queued (ready or waiting), with the ticket of its live entries. */
    private final Map<W, Long> queued = new IdentityHashMap<>();
    /**
     * Critical work in flight, and when its answer is expected back (admitted at + the action's round trip): from one
     * spacing interval before that, it holds one place of its action's window. Holding it all the time would cost the
     * others one request per second for as long as the chain is critical.
     */
    private final Map<W, Reservation> reserving = new IdentityHashMap<>();

    private record Reservation(Action action, long admittedAt) {}
    private long tickets;
    private int inFlight;

    Dispatcher(Pacers pacers, int maxInFlight, Priority<W> priority) {
        this.pacers = pacers;
        this.maxInFlight = maxInFlight;
        this.priority = priority;
        for (Action a : Action.values()) {
            ready.put(a, new PriorityQueue<>(BY_RANK));
            if (priority.usesDeadlines()) {
                byDeadline.put(a, new PriorityQueue<>(BY_DEADLINE));
            }
        }
    }

    /** Queues work that has something to send (ready now, or waiting until its {@code readyAt}). */
    void schedule(W work, long now) {
        if (!work.hasWork() || queued.containsKey(work)) {
            return;
        }
        long ticket = ++tickets;
        queued.put(work, ticket);
        if (work.readyAt() > now) {
            waiting.add(work);
        } else {
            enqueue(work, ticket);
        }
    }

    private void enqueue(W work, long ticket) {
        Entry<W> e = new Entry<>(work, ticket, priority.rank(work), priority.deadline(work), priority.deadlineTie(work));
        Action action = work.nextAction();
        ready.get(action).add(e);
        PriorityQueue<Entry<W>> d = byDeadline.get(action);
        if (d != null) {
            d.add(e);
        }
    }

    /** Admits what the pacers, the probes and the in-flight limit allow at {@code now}. */
    void dispatch(long now, Admission<W> admission) {
        while (!waiting.isEmpty() && waiting.peek().readyAt() <= now) {
            W w = waiting.poll();
            enqueue(w, queued.get(w));
        }
        for (Action action : ready.keySet()) {
            while (inFlight < maxInFlight) {
                Entry<W> e = pick(action, now);
                if (e == null) {
                    break;
                }
                W work = e.work();
                if (admission.heldBack(work, now)) {
                    queued.remove(work); // its entries go stale; the gate schedules it again when it may go
                    continue;
                }
                if (admission.settledWithoutSending(work, now)) {
                    queued.remove(work);
                    schedule(work, now);
                    continue;
                }
                boolean critical = priority.critical(work, action);
                if (!pacers.mayAdmit(action, now, 0, !critical) || !leavesRoom(work, action, now, critical)) {
                    break;
                }
                queued.remove(work);
                pacers.admitted(action, now, !critical);
                if (critical) {
                    reserving.put(work, new Reservation(action, now));
                }
                inFlight++;
                admission.send(work, action);
            }
        }
    }

    /** The work to admit next for {@code action}: the earliest deadline if it is at risk, else the best rank. */
    private Entry<W> pick(Action action, long now) {
        Entry<W> best = live(ready.get(action));
        PriorityQueue<Entry<W>> d = byDeadline.get(action);
        if (best == null || d == null) {
            return best;
        }
        Entry<W> earliest = live(d);
        return earliest != null && earliest != best && priority.atRisk(earliest.work(), action, now) ? earliest : best;
    }

    /** The queue's top entry still queued under its ticket, dropping those taken through the other queue. */
    private Entry<W> live(PriorityQueue<Entry<W>> queue) {
        while (!queue.isEmpty()) {
            Entry<W> top = queue.peek();
            Long ticket = queued.get(top.work());
            if (ticket != null && ticket == top.ticket()) { // a waiting work's ticket has no entries yet
                return top;
            }
            queue.poll();
        }
        return null;
    }

    /**
     * Whether {@code work} may take a slot now without making a critical request wait when its answer is back: critical
     * work and work whose deadline is at risk always may (deadlines come before the critical path's reservations);
     * other work only while, for each critical request in flight of its action, the window that ends when that
     * answer is due (admitted at + the round trip, or now if overdue) keeps a place free for it.
     */
    private boolean leavesRoom(W work, Action action, long now, boolean critical) {
        if (critical || reserving.isEmpty() || priority.usesDeadlines() && priority.atRisk(work, action, now)) {
            return true;
        }
        long rtt = pacers.roundTripMillis(action);
        List<Long> due = new ArrayList<>();
        for (Reservation r : reserving.values()) {
            if (r.action() == action) {
                due.add(Math.max(now, r.admittedAt() + rtt));
            }
        }
        Collections.sort(due);
        for (int k = 0; k < due.size(); k++) {
            if (!pacers.leavesRoomAt(action, due.get(k), k + 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An admitted request's answer came back (whatever it says) at {@code nowMillis}; it left at {@code sentAtMillis}.
     */
    void answered(W work, Action action, long sentAtMillis, long nowMillis) {
        inFlight--;
        reserving.remove(work);
        pacers.answered(action, nowMillis, nowMillis - sentAtMillis);
    }

    int inFlight() {
        return inFlight;
    }

    /** Work queued to send now, not waiting for its {@code readyAt} (every queued work is ready or waiting). */
    int ready() {
        return queued.size() - waiting.size();
    }

    /** Nothing ready, waiting or in flight. */
    boolean idle() {
        return inFlight == 0 && queued.isEmpty();
    }

    boolean nothingWaiting() {
        return waiting.isEmpty();
    }

    /** When something could be admitted next: a pacer slot, or the end of a backoff; at most a second away. */
    long nextWake(long now) {
        long wake = now + 1000;
        if (inFlight < maxInFlight) {
            for (Action action : ready.keySet()) {
                Entry<W> e = pick(action, now);
                if (e != null) {
                    boolean critical = priority.critical(e.work(), action);
                    long slot = pacers.nextSlot(action, now, 0, !critical);
                    if (slot <= now && !leavesRoom(e.work(), action, now, critical)) {
                        slot = now + 10; // the critical answer wakes the loop; an overdue one frees a place as the window slides
                    }
                    wake = Math.min(wake, slot);
                }
            }
        }
        if (!waiting.isEmpty()) {
            wake = Math.min(wake, waiting.peek().readyAt());
        }
        return Math.max(wake, now);
    }
}
