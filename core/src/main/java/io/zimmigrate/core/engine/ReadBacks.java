package io.zimmigrate.core.engine;

import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.wire.Action;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads pages of timelines back from ZIM at the start of a run (the fresh-journal guard and recovery), through a
 * {@link Dispatcher} on the run's own {@link Pacers}, so QueryGroupMsg/QueryPeerMsg keep ZIM's cap like every other
 * call. A read is safe to repeat: a busy or lost answer is tried again after the run's {@link Backoff}. A fatal
 * answer or a refusal stops the run, as it would during the imports (exit 3 in the command, the reason first):
 * nothing can be decided without the read, and nothing was sent.
 */
final class ReadBacks implements Dispatcher.Admission<ReadBacks.Read> {
    private static final int MAX_IN_FLIGHT = 8;
    /**
     * ZIM's answers that the group or user read back does not exist (yet): such a timeline holds nothing, which is
     * what a new migration meets before provisioning (zim-api.md's code table).
     */
    static final java.util.Set<Long> DOES_NOT_EXIST = java.util.Set.of(660600001L, 660600009L, 660500002L,
            660200001L, 660700012L, 51102L);

    /**
     * What the reads share with the run they start: its pacers and its stop ({@link MigrationRun}, or a delta's
     * read-back of sends left in flight before the run exists, {@link InFlightSends}).
     */
    interface Host {
        Pacers pacers();

        boolean stopping();

        void requestStop(String reason);
    }

    private final Migration.Settings settings;
    private final EngineLoop loop;
    private final ZimGateway gateway;
    private final Host run;
    private final MigrationListener listener;
    private final Dispatcher<Read> dispatcher;
    private long requests;
    private int limit;

    /** One page to read: a timeline from {@code next} (0: its newest message). */
    static final class Read implements Dispatcher.Work {
        final Timeline timeline;
        final long next;
        final long order;
        ZimGateway.MessagePage page;
        boolean out;
        int failures;
        long readyAt;
        long sentAt;

        Read(Timeline timeline, long next, long order) {
            this.timeline = timeline;
            this.next = next;
            this.order = order;
        }

        @Override
        public boolean hasWork() {
            return !out && page == null;
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

    ReadBacks(Migration.Settings settings, EngineLoop loop, ZimGateway gateway, Host run,
              MigrationListener listener) {
        this.listener = listener;
        this.settings = settings;
        this.loop = loop;
        this.gateway = gateway;
        this.run = run;
        this.dispatcher = new Dispatcher<>(run.pacers(), MAX_IN_FLIGHT, Dispatcher.Priority.by(r -> r.order));
    }

    /**
     * Reads one page of up to {@code limit} messages of each timeline, from its {@code next}; returns the pages by
     * timeline key, or null when the run stops (asked to, or because ZIM refused a read or answered fatally).
     */
    Map<String, ZimGateway.MessagePage> read(Collection<Map.Entry<Timeline, Long>> pages, int limit)
            throws InterruptedException {
        this.limit = limit;
        Map<String, Read> reads = new LinkedHashMap<>();
        for (Map.Entry<Timeline, Long> p : pages) {
            Read r = new Read(p.getKey(), p.getValue(), reads.size());
            reads.put(p.getKey().key(), r);
            dispatcher.schedule(r, loop.nowMillis());
        }
        while (!run.stopping() && !dispatcher.idle()) {
            long now = loop.nowMillis();
            dispatcher.dispatch(now, this);
            run.pacers().departed(now); // a read journals nothing first, so it leaves at once
            loop.runUntil(dispatcher.nextWake(now));
        }
        while (dispatcher.inFlight() > 0) {
            loop.runUntil(loop.nowMillis() + 1000);
        }
        if (run.stopping()) {
            return null;
        }
        Map<String, ZimGateway.MessagePage> out = new LinkedHashMap<>();
        reads.forEach((k, r) -> out.put(k, r.page));
        return out;
    }

    /** How many read requests left so far (a retry counts again). */
    long requests() {
        return requests;
    }

    @Override
    public void send(Read read, Action action) {
        read.out = true;
        read.sentAt = loop.nowMillis();
        requests++;
        Answers.deliver(loop, gateway.readBack(read.timeline, limit, read.next), o -> onPage(read, o));
    }

    private void onPage(Read read, Outcome<ZimGateway.MessagePage> outcome) {
        read.out = false;
        dispatcher.answered(read, read.nextAction(), read.sentAt, loop.nowMillis());
        Pacer pacer = run.pacers().of(read.nextAction());
        if (outcome instanceof Outcome.Done<ZimGateway.MessagePage> done) {
            pacer.succeeded();
            read.page = done.value();
        } else if (outcome instanceof Outcome.Fatal<ZimGateway.MessagePage> f) {
            run.requestStop(OutcomePolicy.fatal(f.code(), f.message()));
        } else if (outcome instanceof Outcome.Rejected<ZimGateway.MessagePage> r && DOES_NOT_EXIST.contains(r.code())) {
            read.page = new ZimGateway.MessagePage(java.util.List.of(), 0);
        } else if (outcome instanceof Outcome.Rejected<ZimGateway.MessagePage> r) {
            run.requestStop("could not read back " + read.timeline + " to see what ZIM already holds (ZIM answered "
                    + r.code() + " " + r.message() + "); nothing was imported, run again to retry");
        } else {
            if (outcome instanceof Outcome.RetryLater<?> l && l.throttled()) {
                pacer.throttled();
            }
            long delay = settings.backoff().delay(++read.failures, settings.jitter());
            read.readyAt = loop.nowMillis() + delay;
            // Said like an import's retry, so the command's notices ("cannot reach ZIM …") speak from the first read.
            String why = outcome instanceof Outcome.RetryLater<?> l ? l.reason()
                    : outcome instanceof Outcome.Unknown<?> u ? u.reason() : "";
            listener.onEvent(new MigrationEvent.Retried(read.timeline.key(), "", why, delay));
            dispatcher.schedule(read, loop.nowMillis());
        }
    }
}
