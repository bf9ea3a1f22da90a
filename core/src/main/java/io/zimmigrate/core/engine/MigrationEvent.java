package io.zimmigrate.core.engine;

import io.zimmigrate.core.rules.Rejection;

/** What the engine tells a {@link MigrationListener} as a migration goes. Timeline keys as in {@code Timeline#key()}. */
public sealed interface MigrationEvent {

    /**
     * Planning finished: how much there is to do, and how much a journal says is done already. Every rejection reported
     * before it is settled: a run that resumes this one does not report it again (unless it plans the input again,
     * e.g. the input was touched). A rejections sink may count what it holds by now as final ({@link Settling}).
     */
    record Planned(long messagesRead, long messagesRejected, long importCalls, long alreadyDone, long timelines,
                   boolean inputWasOrdered) implements MigrationEvent {}

    /**
     * The journal as this run found it, before anything else: {@code rejectedEarlier} tasks were settled as rejected
     * by earlier runs (refused by ZIM or out of the window), so they are not in this run's counts yet the history
     * still misses them. 0 for a new journal.
     */
    record JournalReplayed(long rejectedEarlier) implements MigrationEvent {}

    /**
     * A delta or a growth is about to rewrite its journal (atomically): once it has, the rejections it reported (late,
     * changed, duplicate and invalid appended lines) are settled and no resume reports them again; a run killed before
     * it is resumed by a run that reports the same ones again. Make what was reported durable now (the command flushes
     * its rejects file, so a kill right after the rewrite loses none), and treat what a killed run wrote after its
     * last {@link Planned} as possibly repeated by its resume ({@link UnsettledReports}).
     */
    record Settling() implements MigrationEvent {}

    /**
     * The journal has just made durable what settles every rejection the run reported since its planning ended (ZIM's
     * refusals, heads that left the retention window): no resume reports them again. Sent after the journal's flush
     * whenever the turn before it reported any, each time preceded by a {@link Settling} (the sink flushes first, so
     * a kill between the two leaves lines a resume reports again, which it skips: {@link UnsettledReports}). A
     * rejections sink may count what it holds by now as final, as at {@link Planned}: a resume after a kill then holds
     * only what was reported after the last of these. Not sent once a timeline was stopped at a refusal
     * ({@link OnReject#STOP_TIMELINE}: nothing journals it, so a resume sends it and reports it again).
     */
    record Settled() implements MigrationEvent {}

    /**
     * Whether a resumed run reuses the plan kept next to its journal ({@code reused}) or plans the input in full,
     * and why (e.g. the input changed since the plan was kept).
     */
    record PlanSource(boolean reused, String reason) implements MigrationEvent {}

    /**
     * The input only grew since the plan kept with the journal (issue 15, {@code run --follow}): the
     * {@code recordsBefore} records that plan was made from are unchanged, and the {@code appendedRecords} after them
     * were planned alone and merged with it. Of their import calls, {@code late} sort before what their timeline holds
     * in ZIM (rejected, {@code time.behind-timeline}), {@code appendedLate} more are sent at the end of their timeline
     * ({@link LatePolicy#APPEND}) and {@code toImport} are sent in order.
     */
    record Grown(String previousFingerprint, long recordsBefore, long appendedRecords, long toImport, long late,
                 long appendedLate) implements MigrationEvent {}

    /**
     * The journal was started with an earlier export ({@code previousFingerprint}) and this run imports the delta.
     * Counts are import calls (a one-to-one message makes one per participant's view): of the {@code settledBefore}
     * the journal settled, {@code alreadyImported} are in this export (never sent again), {@code missing} are not
     * ("in ZIM, not in this export"); {@code changed} messages were imported but differ now (reported, not sent);
     * {@code late} new ones sort before what their timeline holds in ZIM (rejected, {@code time.behind-timeline});
     * {@code appendedLate} more sort so too and are sent at the end of their timeline ({@link LatePolicy#APPEND},
     * original send times kept); {@code toImport} are sent in order.
     */
    record Delta(String previousFingerprint, long settledBefore, long alreadyImported, long toImport, long late,
                 long changed, long missing, long appendedLate) implements MigrationEvent {
        /** A delta that appends nothing late (as with {@link LatePolicy#REJECT}). */
        public Delta(String previousFingerprint, long settledBefore, long alreadyImported, long toImport, long late,
                     long changed, long missing) {
            this(previousFingerprint, settledBefore, alreadyImported, toImport, late, changed, missing, 0);
        }
    }

    /**
     * The fresh-journal guard read back the newest messages of {@code timelines} timelines ({@code requests} reads)
     * and found {@code messagesFound} messages of this input in {@code timelinesHolding} of them (0: ZIM holds none,
     * the run goes on).
     */
    record ZimChecked(long timelines, long messagesFound, long timelinesHolding, long requests) implements MigrationEvent {}

    /**
     * The journal was rebuilt from ZIM ({@code --recover}): every one of {@code timelines} timelines was read back
     * ({@code requests} reads in all), and {@code timelinesHolding} of them already held messages of this input;
     * {@code lateToAppend} late messages a killed delta had not appended yet ({@code --late=append}) are appended
     * first (issue 15).
     */
    record JournalRebuilt(long timelines, long timelinesHolding, long requests, long lateToAppend)
            implements MigrationEvent {
        public JournalRebuilt(long timelines, long timelinesHolding, long requests) {
            this(timelines, timelinesHolding, requests, 0);
        }
    }

    record Provisioned(String subject) implements MigrationEvent {}

    /** A user or group could not be set up; its messages will likely be refused by ZIM. */
    record ProvisionFailed(String subject, long code, String reason) implements MigrationEvent {}

    record Sent(String timeline, String messageId) implements MigrationEvent {}

    record Imported(String timeline, String messageId, long msgSeq) implements MigrationEvent {}

    /** A message will not be imported into this timeline; {@code rejection} says why (ZIM's code or a local rule). */
    record Rejected(String timeline, Rejection rejection) implements MigrationEvent {}

    record Retried(String timeline, String messageId, String reason, long retryInMillis) implements MigrationEvent {}

    record Throttled(String action, double newRate) implements MigrationEvent {}

    /** An answer was lost; the message is reconciled against ZIM before anything is sent again. */
    record Unknown(String timeline, String messageId, String reason) implements MigrationEvent {}

    record Reconciled(String timeline, String messageId, boolean landed) implements MigrationEvent {}

    /**
     * Provisioning's progress, about once a second while it goes and once when it is done: users registered (or found
     * registered by the journal) of the plan's users, and groups settled (created with every member, or reported as
     * failed) of its groups. Provisioning 20,000 groups of 500 members takes more than an hour at ZIM's pace.
     */
    record Provisioning(long usersDone, long users, long groupsDone, long groups) implements MigrationEvent {}

    /**
     * Emitted about once a second: calls settled so far, the current rate and the expected time left (the
     * {@link Reforecast} model's finish: per action, calls left at the rate or the longest timeline at the round trip),
     * and how many timelines have an import ready to send now, waiting only for a place in the pace (not for an answer
     * or a backoff): a queue that keeps growing while little is sent means the pace, not ZIM, is the limit.
     */
    record Progress(long settled, long total, double callsPerSecond, long etaMillis, long readyTimelines)
            implements MigrationEvent {
        /** Without the queue of ready timelines (events made outside a run, e.g. by tests). */
        public Progress(long settled, long total, double callsPerSecond, long etaMillis) {
            this(settled, total, callsPerSecond, etaMillis, 0);
        }
    }

    /**
     * The run's forecast of its finish, on {@code plan}'s model with the round trip it measured: per import action,
     * the longer of its calls left at its current rate and its longest remaining timeline at its round trip.
     * Emitted once the first import answers are in, then about once a minute.
     */
    record Reforecast(long finishInMillis, java.util.List<ActionEta> actions) implements MigrationEvent {}

    /**
     * One action's part of a {@link Reforecast}: calls left, the longest timeline's calls left, its paced rate, its
     * mean round trip in ms, unrounded ({@code measured} false: still the assumed one), and the two bounds (ms from now).
     */
    record ActionEta(String action, long callsLeft, long longestTimelineLeft, double rate, double roundTripMillis,
                     boolean measured, long byCapMillis, long byChainMillis) {}

    /** The run is stopping early (fatal answer or a stop request); what is done is journaled. */
    record Stopping(String reason) implements MigrationEvent {}
}
