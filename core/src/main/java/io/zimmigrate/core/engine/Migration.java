package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.JournalSummary;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.plan.CompletionMark;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.PlanGrowth;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.port.GrowingSource;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A migration from one source into ZIM: plan the source, check the journal, optionally provision users and
 * groups, then import every message exactly once, in order, at the rate cap.
 *
 * <pre>{@code
 * MigrationReport report = Migration.builder().source(source).gateway(gateway).journal(journal)
 *         .clock(Clock.systemUTC()).build().run();
 * }</pre>
 *
 * {@link #run()} blocks the calling thread, which becomes the engine thread; {@link #stop()} (from any thread, e.g.
 * a shutdown hook) ends it cleanly with the journal consistent.
 *
 * <p>Resuming is fast when the journal is kept with a {@link PlanStore} and the source has a cheap
 * {@link MessageSource#identity() identity}: the plan is kept next to the journal, and a run that resumes an
 * unchanged input with the same rules reuses it instead of reading the input again; the journal is compacted
 * while it runs; and the part of the plan the journal settles is skipped without decoding it.
 */
public final class Migration {
    private final MessageSource source;
    private final ZimGateway gateway;
    private final Journal journal;
    private final ScratchSpace scratch;
    private final PlanStore planStore;
    private final EngineLoop loop;
    private final MigrationListener listener;
    private final Settings settings;
    /** Only a delta run's comparison asks it (issue 15), so it is kept here rather than in the engine's settings. */
    private final LatePolicy latePolicy;
    private final io.zimmigrate.core.plan.GrowthMemory growthMemory; // the follow's, between its growths
    private volatile MigrationRun current;
    private io.zimmigrate.core.plan.PlanHasher plannedState; // kept with the plan: a growth goes on from it
    private long[] plannedRejectedIds; // the IDs its rejected records took, kept with it for a growth
    private volatile String earlyStop;

    /** How many tasks the run reads ahead of what it has sent, by default: {@link ReadAhead#DEFAULT_LOOKAHEAD}. */
    public static final int DEFAULT_LOOKAHEAD = ReadAhead.DEFAULT_LOOKAHEAD;
    /** The transports' whole request deadline (5 s + 15 s) plus 10 s that ZIM may hold a request (decisions.md). */
    public static final long DEFAULT_LANDING_HORIZON_MILLIS = 30_000;

    /** The engine's tunables, with the defaults a migration to real ZIM should use. */
    public record Settings(RuleSet rules, int qps, long guardMillis, long guardCeilingMillis, int maxInFlight,
                           int lookahead, OnReject onReject, boolean provision, UserId groupOwner,
                           long reconcileDelayMillis, long landingHorizonMillis, long drainMillis, RandomGenerator jitter, long journalSlackLines,
                           Backoff backoff, LaneOrder laneOrder, long roundTripMillis, SendGate sendGate, FreshJournal freshJournal) {}

    private Migration(Builder b, Settings settings) {
        this.source = Objects.requireNonNull(b.source, "a source is required");
        this.gateway = Objects.requireNonNull(b.gateway, "a gateway is required");
        this.journal = b.journal != null ? b.journal : new InMemoryJournal();
        this.scratch = b.scratch != null ? b.scratch : new InMemoryScratchSpace();
        this.planStore = b.planStore;
        if (b.loop == null && b.clock == null) {
            throw new IllegalArgumentException("give a clock (Clock.systemUTC() for a real migration) or an engine loop");
        }
        this.loop = b.loop != null ? b.loop : new BlockingEngineLoop(b.clock);
        this.listener = b.listener;
        this.latePolicy = b.latePolicy;
        this.growthMemory = b.growthMemory;
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Plans the source: validation, timelines, calls, who to provision. Sends nothing. */
    public Plan plan() {
        return plan(loop.nowMillis());
    }

    private Plan plan(long atMillis) {
        Planner planner = new Planner(InputRules.forPlan(new MessageRules(settings.rules()), scratch), scratch);
        Plan plan = planner.plan(source, atMillis, listener::onRejection);
        plannedState = planner.fingerprintState();
        plannedRejectedIds = planner.rejectedIds();
        return plan;
    }

    /**
     * Runs the migration to the end, or until a fatal answer or {@link #stop()}.
     *
     * @throws MigrationException if the journal belongs to another input
     */
    public MigrationReport run() throws InterruptedException {
        long startedAt = loop.nowMillis(); // the report's time is the whole run's: planning and provisioning too
        // The log's head first (fingerprint, planning instant, earlier rejections), its per-timeline state once the
        // plan is there: keyed by the plan's numbers it keeps no key twice (issue #13), and it is not held while a
        // big export is planned (issue 15: a delta of 800,000 one-to-one timelines ran -Xmx256m out planning).
        JournalSummary head = JournalSummary.head(journal); // a line or two: the log is read once, keyed by the plan (P6)
        PlanGenerations.settle(planStore, head.fingerprint()); // a delta that crashed after its rewrite: issue 15
        Optional<String> planKey = planStore == null ? Optional.empty() : KeptPlan.keyOf(source, settings.rules());
        Plan plan = null;
        KeptPlan.Lookup kept = null; // completing: a delta's plan, its views not all sent yet (CompletionMark)
        if (planKey.isPresent() && head.fingerprint() != null) {
            kept = KeptPlan.find(planStore, planKey.get(), head.fingerprint());
            plan = kept.plan();
        }
        boolean reused = plan != null;
        // Whether the store keeps the plan the journal names for another input (a delta run); its header only.
        boolean keepsPrevious = plan == null && head.fingerprint() != null && planStore != null
                && KeptPlan.keptFingerprint(planStore).filter(head.fingerprint()::equals).isPresent();
        // A resume plans as the window stood when the journal began, so the same records are valid and the
        // fingerprint matches; what left the window since is rejected when its turn comes (MigrationRun). A delta
        // plans at now: its new messages may be younger than that instant.
        long plannedAt = head.plannedAtMillis() != 0 && !keepsPrevious ? head.plannedAtMillis() : loop.nowMillis();
        String journaled = head.fingerprint();
        boolean grew = false;
        boolean counted = plan == null && journaled != null; // a growth or a delta may rewrite the log: count it as it is
        if (counted) {
            listener.onEvent(new MigrationEvent.JournalReplayed(JournalSummary.of(journal).rejectedTasks()));
        }
        InFlightSends inFlight = new InFlightSends(settings, loop, gateway, listener, () -> earlyStop); // read back first
        if (plan == null && journaled != null && planKey.isPresent() && source instanceof GrowingSource growing) {
            // The input only grew since its plan was kept (run --follow): plan what was appended alone (issue 15).
            KeptPlan.Lookup grown = GrowthImport.grow(journal, planStore, journaled, planKey.get(), growing,
                    new MessageRules(settings.rules()), scratch, loop.nowMillis(), latePolicy, listener, growthMemory,
                    inFlight, settings.groupOwner()).orElse(null);
            plan = grown == null ? null : grown.plan();
            grew = reused = plan != null; // the grown plan is kept already
            kept = grew ? grown : kept; // its completion mark, if the plan it grew had one
            if (inFlight.stoppedReading()) {
                return inFlight.stoppedRun(plan); // stopped reading sends in flight back: nothing written or sent
            }
        }
        if (kept != null && !grew) { // a growth says what it planned instead (MigrationEvent.Grown)
            listener.onEvent(new MigrationEvent.PlanSource(kept.found(), kept.reason()));
        }
        plan = plan != null ? plan : plan(plannedAt);
        boolean fromEarlierExport = !grew && journaled != null && !journaled.equals(plan.fingerprint());
        // A delta's comparison reads the journal itself (DeltaRebase), holding the earlier state through its first
        // pass only (issue 15); a resume or a new journal replays it here, keyed by the plan's numbers.
        JournalState history = fromEarlierExport ? null : JournalState.replay(journal, plan.numbering(), null);
        if (!counted) { // the same count, by the same rule, from the one read (JournalSummary)
            listener.onEvent(new MigrationEvent.JournalReplayed(history.rejectedTasks()));
        }
        java.util.Map<String, io.zimmigrate.core.model.Message> completed = java.util.Map.of(); // a delta's: seed 775
        java.util.Map<String, io.zimmigrate.core.model.Message> asExported = java.util.Map.of();
        if (fromEarlierExport) {
            java.util.Map<String, byte[]> reportedBefore = new java.util.HashMap<>(); // its mark: session 15
            DeltaRebase.Result delta = DeltaRebase.rebase(journal, planStore, // the earlier plan: the rebase's alone
                    PlanGenerations.previous(planStore, keepsPrevious, journaled, plan, reportedBefore), plan,
                    plannedAt, listener, latePolicy, inFlight, settings.groupOwner(), reportedBefore);
            if (delta == null) {
                return inFlight.stoppedRun(plan); // stopped reading them back: nothing written or sent
            }
            completed = delta.completed(); // kept in the plan, with their imported version: seed 775
            asExported = delta.asExported();
            boolean keptFirst = keepsPrevious && PlanGenerations.keepPending(PlanGenerations.completing(planStore,
                    completed, asExported), planKey, plan, source, plannedState, plannedRejectedIds);
            // Atomic, streamed a line at a time: a crash leaves the old journal or the new one (PlanGenerations).
            journal.rewrite(delta.state().compactForm());
            reused |= PlanGenerations.promote(planStore, keptFirst);
            listener.onEvent(delta.delta());
            delta = null;
            history = JournalState.replay(journal, plan.numbering(), null);
        }
        JournalWriter writer = new JournalWriter(journal, history, settings.journalSlackLines());
        writer.compactIfDue();
        MigrationRun run = new MigrationRun(settings, loop, gateway, writer, history, listener, inFlight.pacers());
        current = run;
        run.startedAt(startedAt);
        run.complete(completed);
        if (earlyStop != null) {
            run.requestStop(earlyStop);
        }
        boolean fresh = history.fingerprint() == null; // its plan kept before the journal names it, as a delta's
        boolean keptFirst = fresh && !reused && PlanGenerations.keepPending(planStore, planKey, plan, source, plannedState, plannedRejectedIds);
        if (fresh && !new FreshStart(settings, loop, gateway, run, listener).begin(writer, plan, plannedAt)) {
            return run.run(plan); // stopped while reading ZIM back (asked to, or a fatal answer): reports it, sends nothing
        }
        reused |= PlanGenerations.promote(planStore, keptFirst);
        if (!reused && planKey.isPresent()) { // a store without a pending generation: once the journal accepted it
            GrowthImport.keep(PlanGenerations.completing(planStore, completed, asExported), planKey.get(), plan,
                    source, plannedState, plannedRejectedIds);
        }
        if (planKey.isPresent()) { // its bounds read where it is kept, as a resume's: 16 MiB less at 4 M timelines
            KeptPlan.streamBounds(planStore, plan);
        }
        listener.onEvent(new MigrationEvent.Planned(plan.recordsRead(), plan.rejectedRecords(), plan.importCalls(),
                0, plan.timelines().size(), plan.inputWasOrdered()));
        run.reportsSettleAtFlushes(); // what it reports from now on is settled at the journal's flushes (issue 15)
        if (settings.provision()) {
            new Provisioner(settings, loop, gateway, writer, history, listener, run).provision(plan);
        }
        MigrationReport report = run.run(plan);
        if (kept != null && kept.completing() && PlanGenerations.sentAll(report)) { // a resume's or a growth's
            CompletionMark.keepAsPlanned(planStore, plan.fingerprint()); // session 15; whole, a growth's parts too
        } else if (grew && !report.stoppedEarly()) {
            PlanGrowth.compact(planStore, planKey.get()); // a growth's plan in many parts: after its sends (issue 15)
        } else if (PlanGenerations.completedAll(completed, planKey, report)) { // kept with the export's version now
            GrowthImport.keep(planStore, planKey.get(), plan, source, plannedState, plannedRejectedIds);
        }
        return report;
    }

    /**
     * What running {@code next} with {@code journal} would do as a delta run (issue 15), without writing anything:
     * empty when the journal is empty or already belongs to {@code next}. Rejections it would report are dropped.
     *
     * @throws MigrationException when the journal belongs to another input whose plan {@code store} does not keep
     */
    public static Optional<MigrationEvent.Delta> previewDelta(Journal journal, PlanStore store, Plan next) {
        return previewDelta(journal, store, next, LatePolicy.REJECT);
    }

    /** {@link #previewDelta(Journal, PlanStore, Plan)} with late messages handled by {@code late}. */
    public static Optional<MigrationEvent.Delta> previewDelta(Journal journal, PlanStore store, Plan next,
                                                              LatePolicy late) {
        return DeltaRebase.preview(journal, store, next, late);
    }

    /** Asks a running migration to stop: nothing new is sent, answers in flight are awaited and journaled. */
    public void stop(String reason) {
        earlyStop = reason;
        MigrationRun run = current;
        if (run != null) {
            run.requestStop(reason);
        }
    }

    public static final class Builder {
        private MessageSource source;
        private ZimGateway gateway;
        private Journal journal;
        private ScratchSpace scratch;
        private PlanStore planStore;
        private EngineLoop loop;
        private Clock clock;
        private MigrationListener listener = MigrationListener.NONE;
        private LatePolicy latePolicy = LatePolicy.REJECT;
        private io.zimmigrate.core.plan.GrowthMemory growthMemory;
        /** The engine's settings, at their defaults until set. */
        private final EngineTunables tunables = new EngineTunables();

        public Builder source(MessageSource v) { source = v; return this; }
        public Builder gateway(ZimGateway v) { gateway = v; return this; }
        /** Where progress survives a crash; default: in memory (a crash loses it). */
        public Builder journal(Journal v) { journal = v; return this; }
        /** Where the planner sorts an unordered export; default: in memory. */
        public Builder scratch(ScratchSpace v) { scratch = v; return this; }
        /**
         * Where the plan is kept between runs (next to the journal), so a resume of an unchanged input skips
         * planning; default: none (every run plans in full).
         */
        public Builder planStore(PlanStore v) { planStore = v; return this; }
        /**
         * How many lines beyond twice its compact length the journal may grow before it is compacted (rewritten as
         * one line per timeline); default 10,000.
         */
        public Builder journalSlackLines(long v) { tunables.journalSlackLines = v; return this; }
        /** The real clock (or a fixed one in tests); the engine waits in real time on it. */
        public Builder clock(Clock v) { clock = v; return this; }
        /** Replaces clock and waiting altogether (simulations). */
        public Builder loop(EngineLoop v) { loop = v; return this; }
        public Builder listener(MigrationListener v) { listener = Objects.requireNonNull(v); return this; }
        public Builder rules(RuleSet v) { tunables.rules = Objects.requireNonNull(v); return this; }
        /** ZIM's cap per action, requests per second; 0 = uncapped (emulator benchmarks only). */
        public Builder qps(int v) { tunables.qps = v; return this; }
        /** Margin added to each one-second window of the cap, ms; default {@value Pacer#DEFAULT_GUARD_MILLIS}. */
        public Builder guardMillis(long v) { tunables.guardMillis = v; return this; }
        /**
         * Lets the pacer's guard follow the spread of round trips up to {@code v} ms (at most
         * {@link Pacer#ADAPTIVE_GUARD_CEILING_MILLIS} is sensible) instead of staying at {@link #guardMillis}: fewer
         * throttled answers on a network whose one-way times vary by more than the guard, at up to 2.5 % of the pace.
         */
        public Builder guardCeilingMillis(long v) { tunables.guardCeilingMillis = v; return this; }
        public Builder maxInFlight(int v) { tunables.maxInFlight = v; return this; }
        public Builder lookahead(int v) { tunables.lookahead = v; return this; }
        public Builder onReject(OnReject v) { tunables.onReject = Objects.requireNonNull(v); return this; }
        public Builder provision(boolean v) { tunables.provision = v; return this; }
        public Builder groupOwner(UserId v) { tunables.groupOwner = v; return this; }
        /** The pause before a timeline whose answer was lost is first read back, ms; default 2,000. */
        public Builder reconcileDelayMillis(long v) { tunables.reconcileDelayMillis = v; return this; }
        /**
         * How long after a request left ZIM may still apply it, ms: a lost import is resent only once a read-back
         * this long after it left shows it did not land; default {@value #DEFAULT_LANDING_HORIZON_MILLIS}.
         */
        public Builder landingHorizonMillis(long v) { tunables.landingHorizonMillis = v; return this; }
        public Builder drainMillis(long v) { tunables.drainMillis = v; return this; }
        public Builder jitter(RandomGenerator v) { tunables.jitter = v; return this; }
        /** Which timeline goes next; default {@link LaneOrder#CRITICAL_PATH} (docs/how-it-works.md, "Schedule"). */
        public Builder laneOrder(LaneOrder v) { tunables.laneOrder = Objects.requireNonNull(v); return this; }
        /**
         * The round trip assumed until one is measured (ms): for the schedule's critical path and the forecast;
         * default {@value io.zimmigrate.core.plan.Forecast#DEFAULT_ROUND_TRIP_MILLIS}.
         */
        public Builder roundTripMillis(long v) { tunables.roundTripMillis = v; return this; }
        /**
         * Asked before each message's first request (media: its objects stored first); a message not ready yet
         * holds only its own timeline. Default: {@link SendGate#OPEN}.
         */
        public Builder sendGate(SendGate v) { tunables.sendGate = Objects.requireNonNull(v); return this; }
        /**
         * What a run whose journal holds nothing yet does before its first import: check ZIM and refuse if it holds
         * any of this input (default), rebuild the journal from ZIM, or import regardless ({@link FreshJournal}).
         */
        public Builder freshJournal(FreshJournal v) { tunables.freshJournal = Objects.requireNonNull(v); return this; }
        /**
         * What a delta run does with a new message that sorts before what its timeline already holds in ZIM:
         * reject it ({@code time.behind-timeline}, default) or import it at the end of the timeline with its
         * original send time ({@link LatePolicy#APPEND}).
         */
        public Builder lateMessages(LatePolicy v) { latePolicy = Objects.requireNonNull(v); return this; }
        /** What a growth leaves for the next in this process (run --follow: one for the session; issue 15). */
        public Builder growthMemory(io.zimmigrate.core.plan.GrowthMemory v) { growthMemory = v; return this; }

        public Migration build() {
            return new Migration(this, tunables.settings());
        }
    }
}
