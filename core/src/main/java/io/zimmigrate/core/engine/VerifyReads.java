package io.zimmigrate.core.engine;

import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ReadMessage;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.wire.Action;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * {@code verify}'s read-back: several timelines read back at once, each a page at a time (one request of a timeline
 * out at a time, as ZIM orders by arrival), through a {@link Dispatcher} on {@code verify}'s {@link Pacers}, so
 * QueryGroupMsg and QueryPeerMsg each keep their cap. Why (issue #13): read one request at a time, a round trip of
 * 150 ms held {@code verify} to about 6.5 requests a second against ZIM's 20; 4 M one-to-one timelines took a week
 * instead of about 2.3 days.
 *
 * <p>A read is safe to repeat: a busy, throttled or lost answer is tried again after {@link Backoff#DEFAULT}, up to
 * {@link #MAX_ATTEMPTS} times a page; a refusal, a fatal answer or the last failed attempt ends the timeline's reading
 * with an error, and {@code verify} reports what it read until then.
 */
final class VerifyReads implements Dispatcher.Admission<VerifyReads.Reading> {
    /** Requests out at once: 20 a second of each action at round trips up to 400 ms. */
    static final int MAX_IN_FLIGHT = 8;
    static final int MAX_ATTEMPTS = 8;

    private final ZimGateway gateway;
    private final EngineLoop loop;
    private final Pacers pacers;
    private final RandomGenerator jitter;
    private final Dispatcher<Reading> dispatcher;
    private long started;

    /** One timeline being read back, newest first, into {@code newestFirst}. */
    static final class Reading implements Dispatcher.Work {
        final Timeline timeline;
        private final long order;
        private final Consumer<String> newestFirst;
        private long next;
        private boolean out;
        private boolean done;
        private int failures;
        private long readyAt;
        private long sentAt;
        private String error;

        private Reading(Timeline timeline, long order, Consumer<String> newestFirst) {
            this.timeline = timeline;
            this.order = order;
            this.newestFirst = newestFirst;
        }

        /** Whether every page was read, or the reading ended with an {@link #error()}. */
        boolean done() {
            return done;
        }

        /** Why the timeline could not be read to its end; null if it was. */
        String error() {
            return error;
        }

        @Override
        public boolean hasWork() {
            return !out && !done;
        }

        @Override
        public Action nextAction() {
            return Lane.queryAction(timeline);
        }

        @Override
        public long readyAt() {
            return readyAt;
        }
    }

    VerifyReads(ZimGateway gateway, EngineLoop loop, Pacers pacers, RandomGenerator jitter) {
        this.gateway = gateway;
        this.loop = loop;
        this.pacers = pacers;
        this.jitter = jitter;
        // The timelines started first are read first: verify reports them in that order.
        this.dispatcher = new Dispatcher<>(pacers, MAX_IN_FLIGHT, Dispatcher.Priority.by(r -> r.order));
    }

    /** Starts reading {@code timeline} back from its newest message. */
    Reading start(Timeline timeline, Consumer<String> newestFirst) {
        Reading r = new Reading(timeline, started++, newestFirst);
        dispatcher.schedule(r, loop.nowMillis());
        return r;
    }

    /** Sends what the pacers and the in-flight limit allow now, then waits for an answer or the next slot. */
    void step() throws InterruptedException {
        long now = loop.nowMillis();
        dispatcher.dispatch(now, this);
        pacers.departed(now); // a read journals nothing first, so it leaves at once
        loop.runUntil(dispatcher.nextWake(now));
    }

    /** Steps until {@code reading} is done. */
    void await(Reading reading) throws InterruptedException {
        while (!reading.done()) {
            step();
        }
    }

    @Override
    public void send(Reading reading, Action action) {
        reading.out = true;
        reading.sentAt = loop.nowMillis();
        Answers.deliver(loop, gateway.readBack(reading.timeline, Verification.PAGE, reading.next),
                o -> onPage(reading, o));
    }

    private void onPage(Reading reading, Outcome<ZimGateway.MessagePage> outcome) {
        reading.out = false;
        Action action = reading.nextAction();
        dispatcher.answered(reading, action, reading.sentAt, loop.nowMillis());
        if (outcome instanceof Outcome.Done<ZimGateway.MessagePage> done) {
            pacers.of(action).succeeded();
            for (ReadMessage q : done.value().messages()) {
                if (!q.placeholder()) {
                    reading.newestFirst.accept(MessageIdentity.of(q));
                }
            }
            reading.failures = 0;
            reading.next = done.value().next();
            reading.done = reading.next == 0;
        } else if (outcome instanceof Outcome.Rejected<?> || outcome instanceof Outcome.Fatal<?>
                || ++reading.failures >= MAX_ATTEMPTS) {
            reading.error = "could not read it back: " + outcome;
            reading.done = true;
        } else {
            if (outcome instanceof Outcome.RetryLater<?> l && l.throttled()) {
                pacers.of(action).throttled();
            }
            reading.readyAt = loop.nowMillis() + Backoff.DEFAULT.delay(reading.failures, jitter);
        }
        if (!reading.done) {
            dispatcher.schedule(reading, loop.nowMillis());
        }
    }
}
