package io.zimmigrate.core.engine;

import io.zimmigrate.core.rules.Rejection;

/** What the engine tells a {@link MigrationListener} as a migration goes. Timeline keys as in {@code Timeline#key()}. */
public sealed interface MigrationEvent {

    /** Planning finished: how much there is to do, and how much a journal says is done already. */
    record Planned(long messagesRead, long messagesRejected, long importCalls, long alreadyDone, long timelines,
                   boolean inputWasOrdered) implements MigrationEvent {}

    /**
     * Whether a resumed run reuses the plan kept next to its journal ({@code reused}) or plans the input in full,
     * and why (e.g. the input changed since the plan was kept).
     */
    record PlanSource(boolean reused, String reason) implements MigrationEvent {}

    /**
     * The fresh-journal guard read back the newest messages of {@code timelines} timelines ({@code requests} reads)
     * and found {@code messagesFound} messages of this input in {@code timelinesHolding} of them (0: ZIM holds none,
     * the run goes on).
     */
    record ZimChecked(long timelines, long messagesFound, long timelinesHolding, long requests) implements MigrationEvent {}

    /**
     * The journal was rebuilt from ZIM ({@code --recover}): every one of {@code timelines} timelines was read back
     * ({@code requests} reads in all), and {@code timelinesHolding} of them already held messages of this input.
     */
    record JournalRebuilt(long timelines, long timelinesHolding, long requests) implements MigrationEvent {}

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

    /** Emitted about once a second: calls settled so far, the current rate and the expected time left. */
    record Progress(long settled, long total, double callsPerSecond, long etaMillis) implements MigrationEvent {}

    /** The run is stopping early (fatal answer or a stop request); what is done is journaled. */
    record Stopping(String reason) implements MigrationEvent {}
}
