package io.zimmigrate.core.engine;

import io.zimmigrate.core.wire.Action;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Decides what may be sent now, and nothing else: per-action ready queues in a replaceable order, a waiting queue
 * of work that is backing off, each action's {@link Pacers pacer and first-request probe}, and the in-flight limit.
 * What a request is and what its answer means belongs to the caller's {@link Admission}.
 *
 * <p>"Which work next" is the {@code order} alone: within an action, the ready queue hands out the work the order
 * puts first (for lanes {@link LaneOrder#NEAREST_DEADLINE_FIRST}). The order is read when work is queued, so it must
 * only depend on what cannot change while the work waits (a lane's head does not change while the lane is queued).
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

    private final Pacers pacers;
    private final int maxInFlight;
    private final Map<Action, PriorityQueue<W>> ready = new EnumMap<>(Action.class);
    private final PriorityQueue<W> waiting = new PriorityQueue<>(Comparator.comparingLong(Work::readyAt));
    private final Set<W> queued = Collections.newSetFromMap(new IdentityHashMap<>());
    private int inFlight;

    Dispatcher(Pacers pacers, int maxInFlight, Comparator<? super W> order) {
        this.pacers = pacers;
        this.maxInFlight = maxInFlight;
        for (Action a : Action.values()) {
            ready.put(a, new PriorityQueue<>(order));
        }
    }

    /** Queues work that has something to send (ready now, or waiting until its {@code readyAt}). */
    void schedule(W work, long now) {
        if (!work.hasWork() || !queued.add(work)) {
            return;
        }
        if (work.readyAt() > now) {
            waiting.add(work);
        } else {
            ready.get(work.nextAction()).add(work);
        }
    }

    /** Admits what the pacers, the probes and the in-flight limit allow at {@code now}. */
    void dispatch(long now, Admission<W> admission) {
        while (!waiting.isEmpty() && waiting.peek().readyAt() <= now) {
            W w = waiting.poll();
            ready.get(w.nextAction()).add(w);
        }
        for (Map.Entry<Action, PriorityQueue<W>> entry : ready.entrySet()) {
            Action action = entry.getKey();
            PriorityQueue<W> queue = entry.getValue();
            while (!queue.isEmpty() && inFlight < maxInFlight) {
                W work = queue.peek();
                if (admission.heldBack(work, now)) {
                    queued.remove(queue.poll());
                    continue;
                }
                if (admission.settledWithoutSending(work, now)) {
                    queued.remove(queue.poll());
                    schedule(work, now);
                    continue;
                }
                if (!pacers.mayAdmit(action, now)) {
                    break;
                }
                queued.remove(queue.poll());
                pacers.admitted(action, now);
                inFlight++;
                admission.send(work, action);
            }
        }
    }

    /** An admitted request's answer came back (whatever it says). */
    void answered(Action action) {
        inFlight--;
        pacers.answered(action);
    }

    int inFlight() {
        return inFlight;
    }

    /** Nothing ready, waiting or in flight. */
    boolean idle() {
        return inFlight == 0 && waiting.isEmpty() && ready.values().stream().allMatch(PriorityQueue::isEmpty);
    }

    boolean nothingWaiting() {
        return waiting.isEmpty();
    }

    /** When something could be admitted next: a pacer slot, or the end of a backoff; at most a second away. */
    long nextWake(long now) {
        long wake = now + 1000;
        if (inFlight < maxInFlight) {
            for (Map.Entry<Action, PriorityQueue<W>> entry : ready.entrySet()) {
                if (!entry.getValue().isEmpty()) {
                    wake = Math.min(wake, pacers.nextSlot(entry.getKey(), now));
                }
            }
        }
        if (!waiting.isEmpty()) {
            wake = Math.min(wake, waiting.peek().readyAt());
        }
        return Math.max(wake, now);
    }
}
