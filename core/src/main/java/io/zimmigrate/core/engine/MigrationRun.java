package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.wire.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the engine over a plan: reads the plan into {@link Lane lanes}, lets the {@link Dispatcher} admit their
 * requests (each head passing its {@link HeadAdmission} first), journals, and carries out what the
 * {@link OutcomePolicy} says about each answer; the {@link Ledger} adds it up. Lives on the engine thread; gateway answers come back through the {@link EngineLoop}.
 *
 * <p>Invariants: at most one request in flight per timeline (ZIM orders by arrival); a task's {@code Sending}
 * line is durable before its request leaves; a task whose answer was lost is reconciled against ZIM before it
 * is sent again; each action's requests follow its {@link Pacer}.
 */
final class MigrationRun implements Dispatcher.Admission<Lane>, ReadBacks.Host {
    static final int RECONCILE_PAGE = 20;
    /** How often the run re-forecasts its finish (besides once its first import answers are in). */
    static final long REFORECAST_EVERY_MILLIS = 60_000;

    private final Migration.Settings settings;
    private final EngineLoop loop;
    private final ZimGateway gateway;
    private final JournalWriter journal;
    private final MigrationListener listener;
    private final JournalState history;
    private final OutcomePolicy policy;
    private final Pacers pacers;
    private final Dispatcher<Lane> dispatcher;
    private final Ledger ledger;
    private final HeadAdmission heads;
    private final List<Runnable> toFire = new ArrayList<>();

    private ReadAhead readAhead;
    private java.util.Map<String, io.zimmigrate.core.model.Message> completed = java.util.Map.of();
    private volatile String stopReason;

    private FinishForecast forecast;
    private long lastForecastAt = -1;
    private long lastProgressAt;
    private long settledAtLastProgress;
    private long startedAt = -1;
    private long importStartedAt;
    /** Rejections were reported since the journal's last flush, which makes what settles them durable (issue 15). */
    private boolean reportedSinceFlush;
    /** Whether {@link MigrationEvent.Settled} may be said: planning is over and no refusal stopped a timeline. */
    private boolean settlesReports;

    MigrationRun(Migration.Settings settings, EngineLoop loop, ZimGateway gateway, JournalWriter journal,
                 JournalState history, MigrationListener listener) {
        this(settings, loop, gateway, journal, history, listener, Pacers.of(settings));
    }

    /** With {@code pacers} already used by reads before the run (a delta's {@link InFlightSends}). */
    MigrationRun(Migration.Settings settings, EngineLoop loop, ZimGateway gateway, JournalWriter journal,
                 JournalState history, MigrationListener listener, Pacers pacers) {
        this.settings = settings;
        this.loop = loop;
        this.gateway = gateway;
        this.journal = journal;
        this.history = history;
        this.listener = listener;
        RetentionWindow retention = settings.rules().retention();
        this.policy = new OutcomePolicy(settings.onReject(), settings.landingHorizonMillis());
        this.pacers = pacers;
        this.ledger = new Ledger(history);
        this.dispatcher = new Dispatcher<>(pacers, settings.maxInFlight(), new LanePriority(settings.laneOrder(),
                settings.qps(), pacers, ledger.workload, ledger.backlog, retention));
        this.heads = new HeadAdmission(retention,
                new GateChecks(settings.sendGate(), loop, lane -> dispatcher.schedule(lane, loop.nowMillis())),
                journal, this::rejected);
    }

    @Override
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        loop.post(() -> {});
    }

    @Override
    public boolean stopping() {
        return stopReason != null;
    }

    /** The pacers every request of this run follows, provisioning's included. */
    @Override
    public Pacers pacers() {
        return pacers;
    }

    /** A delta's changed messages imported into one view only, by ID: the version to send to their other views. */
    void complete(java.util.Map<String, io.zimmigrate.core.model.Message> imported) {
        completed = imported;
    }

    /**
     * Planning is over ({@link MigrationEvent.Planned}): from now on every rejection this run reports is settled by
     * the journal's next flush, which it says ({@link MigrationEvent.Settled}) so a rejects file's mark follows. Not
     * before: a delta's reports are settled by its rewrite, and a run stopped before planning ended settles nothing.
     */
    void reportsSettleAtFlushes() {
        settlesReports = true;
    }

    /**
     * The migration began at {@code millis} (its planning, reading back and provisioning before this run's imports):
     * the report's time counts from then. A stopped 20,000-group run said "time: 7.7 s" after 14 minutes of
     * provisioning.
     */
    void startedAt(long millis) {
        startedAt = millis;
    }

    /** Sends every task of the plan that the journal does not already settle; returns the report's import part. */
    MigrationReport run(Plan plan) throws InterruptedException {
        importStartedAt = loop.nowMillis();
        if (startedAt < 0) {
            startedAt = importStartedAt;
        }
        lastProgressAt = importStartedAt;
        ledger.carryOut(plan);
        forecast = new FinishForecast(plan, ledger, pacers);
        long stopDeadline = Long.MAX_VALUE;
        boolean readMore;
        try (ReadAhead r = new ReadAhead(plan, history, ledger, settings.lookahead(),
                lane -> dispatcher.schedule(lane, loop.nowMillis()), completed)) {
            readAhead = r;
            while (true) {
                if (stopping()) {
                    if (stopDeadline == Long.MAX_VALUE) {
                        listener.onEvent(new MigrationEvent.Stopping(stopReason));
                        stopDeadline = loop.nowMillis() + settings.drainMillis();
                    }
                    if (dispatcher.inFlight() == 0 || loop.nowMillis() >= stopDeadline) {
                        break;
                    }
                    readMore = false;
                } else {
                    readMore = readAhead.fill();
                    dispatcher.dispatch(loop.nowMillis(), this);
                }
                flushJournal();
                fireAll();
                if (!stopping() && finished()) {
                    break;
                }
                // More of the read-ahead to read: take the answers that are in and come straight back. Stopping, wait
                // for the answers still due, not for a pacer's slot: nothing more is sent, and a lane still ready
                // made the next wake "now", again and again until the last answer (a seeded simulation never ended).
                loop.runUntil(readMore ? loop.nowMillis()
                        : stopping() ? stopDeadline : dispatcher.nextWake(loop.nowMillis()));
                // No flush here: the answers' lines go to disk with the next requests' Sending lines in one fsync at
                // the top of the loop (half the fsyncs per round trip; bench/p5-one-timeline.sh). A crash before it
                // only leaves those tasks pending, which reconciliation settles.
                progress(plan, false);
            }
            flushJournal();
            countUnsent();
        }
        progress(plan, true);
        long now = loop.nowMillis();
        return ledger.report(plan, stopReason, now - startedAt, now - importStartedAt);
    }

    /**
     * Makes the journal durable; when the rejections reported since the last flush are settled by it, a sink flushes
     * them first ({@code Settling}) and may mark them settled after ({@code Settled}): in that order a kill anywhere
     * neither loses a line (written before its settlement is durable) nor doubles one (a resume skips what follows
     * the mark and it reports again).
     */
    private void flushJournal() {
        boolean settling = reportedSinceFlush && settlesReports;
        if (settling) {
            listener.onEvent(new MigrationEvent.Settling());
        }
        journal.flush();
        reportedSinceFlush = false;
        if (settling) {
            listener.onEvent(new MigrationEvent.Settled());
        }
    }

    private boolean finished() {
        return dispatcher.inFlight() == 0 && ledger.backlog.size() == 0 && dispatcher.nothingWaiting() && !readAhead.hasMore();
    }

    // ---- admitting and sending ---------------------------------------------------------------------------

    @Override
    public boolean heldBack(Lane lane, long now) {
        return heads.heldBack(lane);
    }

    @Override
    public boolean settledWithoutSending(Lane lane, long now) {
        if (heads.settledWithoutSending(lane, now)) {
            ledger.retireIfIdle(lane); // the dispatcher schedules it again only if it still has work
            return true;
        }
        return false;
    }

    @Override
    public void send(Lane lane, Action action) {
        Task task = lane.head();
        lane.requestLeft(loop.nowMillis());
        if (lane.needsReconcile()) {
            toFire.add(() -> Answers.deliver(loop, gateway.readBack(lane.timeline, RECONCILE_PAGE, 0),
                    o -> onReadBack(lane, task, o)));
            return;
        }
        journal.add(new JournalEntry.Sending(lane.key, task.key()));
        listener.onEvent(new MigrationEvent.Sent(lane.key, task.message().id()));
        toFire.add(() -> Answers.deliver(loop, gateway.importMessage(task.message(), task.timeline()),
                o -> onImport(lane, task, o)));
    }

    /** Requests leave only after the journal lines that announce them are durable. */
    private void fireAll() {
        if (toFire.isEmpty()) {
            return;
        }
        List<Runnable> batch = new ArrayList<>(toFire);
        toFire.clear();
        pacers.departed(loop.nowMillis());
        batch.forEach(Runnable::run);
    }

    // ---- carrying out what the answers mean --------------------------------------------------------------

    private void onImport(Lane lane, Task task, Outcome<ZimGateway.ImportReceipt> outcome) {
        lane.answered();
        dispatcher.answered(lane, lane.importAction, lane.sentAt(), loop.nowMillis());
        if (outcome instanceof Outcome.Done<?>) {
            pacers.of(lane.importAction).succeeded();
        }
        apply(lane, task, policy.onImport(lane, task, outcome), false);
    }

    private void onReadBack(Lane lane, Task task, Outcome<ZimGateway.MessagePage> outcome) {
        lane.answered();
        dispatcher.answered(lane, Lane.queryAction(lane.timeline), lane.sentAt(), loop.nowMillis());
        OutcomePolicy.LaneAction action = policy.onReadBack(lane, task, outcome, loop.nowMillis());
        if (outcome instanceof Outcome.Done<?> && !(action instanceof OutcomePolicy.ReadBackAgain)) {
            listener.onEvent(new MigrationEvent.Reconciled(lane.key, task.message().id(),
                    action instanceof OutcomePolicy.Settle));
        }
        apply(lane, task, action, true);
    }

    private void apply(Lane lane, Task task, OutcomePolicy.LaneAction action, boolean viaReadBack) {
        long now = loop.nowMillis();
        if (action instanceof OutcomePolicy.Settle s) {
            journal.add(new JournalEntry.Imported(lane.key, task.key(), s.msgSeq()));
            lane.settledHead(true);
            if (viaReadBack) {
                ledger.reconciledLanded++;
            }
            listener.onEvent(new MigrationEvent.Imported(lane.key, task.message().id(), s.msgSeq()));
        } else if (action instanceof OutcomePolicy.Reject r) {
            journal.add(new JournalEntry.Rejected(lane.key, task.key(), r.code(), "zim." + r.code()));
            lane.settledHead(false);
            rejected(lane, r.rejection());
        } else if (action instanceof OutcomePolicy.StopLane s) {
            lane.stop();
            settlesReports = false; // unjournaled: a resume sends the head again and reports it again (its line too)
            listener.onEvent(new MigrationEvent.Rejected(lane.key, s.rejection()));
            listener.onRejection(s.rejection());
        } else if (action instanceof OutcomePolicy.Retry r) {
            retry(lane, task, r);
        } else if (action instanceof OutcomePolicy.Reconcile r) {
            ledger.unknown++;
            lane.answerLost(now + settings.reconcileDelayMillis(), lane.sentAt() + settings.landingHorizonMillis());
            listener.onEvent(new MigrationEvent.Unknown(lane.key, task.message().id(), r.reason()));
        } else if (action instanceof OutcomePolicy.ReadBackAgain again) {
            lane.readBackAgainAt(again.at());
        } else if (action instanceof OutcomePolicy.Resend) {
            ledger.resentAfterLoss++;
            lane.notLanded();
        } else if (action instanceof OutcomePolicy.StopRun s) {
            requestStop(s.reason());
        }
        dispatcher.schedule(lane, now);
        ledger.retireIfIdle(lane);
    }

    private void retry(Lane lane, Task task, OutcomePolicy.Retry r) {
        ledger.retries++;
        Action action = lane.nextAction();
        if (r.throttled()) {
            ledger.throttled++;
            Pacer pacer = pacers.of(action);
            pacer.throttled();
            listener.onEvent(new MigrationEvent.Throttled(action.wireName(), pacer.currentRate()));
        }
        long now = loop.nowMillis();
        long backoff = settings.backoff().delay(lane.failures() + 1, settings.jitter());
        lane.failedAgain(now + backoff);
        listener.onEvent(new MigrationEvent.Retried(lane.key, task.message().id(), r.reason(), backoff));
    }

    private void rejected(Lane lane, Rejection rejection) {
        reportedSinceFlush = true; // journaled already (Rejected): durable at the next flush
        listener.onEvent(new MigrationEvent.Rejected(lane.key, rejection));
        listener.onRejection(rejection);
    }

    // ---- reporting ---------------------------------------------------------------------------------------

    private void progress(Plan plan, boolean force) {
        long now = loop.nowMillis();
        if (!force && now - lastProgressAt < 1000) {
            return;
        }
        long settled = ledger.settled();
        long alreadyDone = ledger.alreadyDone();
        double rate = now > lastProgressAt ? (settled - settledAtLastProgress) * 1000.0 / (now - lastProgressAt) : 0;
        MigrationEvent.Reforecast f = forecast.now(now);
        boolean measured = pacers.measured(Action.IMPORT_GROUP_MSG) || pacers.measured(Action.IMPORT_PEER_MSG);
        boolean finishing = !stopping(); // a stopping run finishes nothing: its last line said "ETA 0s" (18 M calls unread)
        if (finishing && measured && f.finishInMillis() >= 0 && !force
                && (lastForecastAt < 0 || now - lastForecastAt >= REFORECAST_EVERY_MILLIS)) {
            listener.onEvent(f);
            lastForecastAt = now;
        }
        long eta = finishing && (measured || rate > 0) ? f.finishInMillis() : -1; // also while a rate is unmeasured
        listener.onEvent(new MigrationEvent.Progress(settled + alreadyDone, plan.importCalls(), rate, eta,
                dispatcher.ready()));
        lastProgressAt = now;
        settledAtLastProgress = settled;
    }

    /** After a stop: everything still queued or unread is counted as not attempted (or already done). */
    private void countUnsent() {
        for (Lane lane : ledger.lanes()) {
            lane.abandonQueued();
        }
        readAhead.countUnread();
    }
}
