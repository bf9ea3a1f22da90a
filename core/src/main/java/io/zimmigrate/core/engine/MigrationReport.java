package io.zimmigrate.core.engine;

import java.util.Map;

/**
 * How a migration ended. Counts add up: {@code messagesRead = messagesValid + messagesRejected}, and
 * {@code importCalls = imported + importsRejected + alreadyDone + notAttempted}, in total and per timeline.
 *
 * <p>{@code resentAfterLoss}: imports whose answer was lost, read back without finding them until their landing
 * horizon had passed, and sent again. A server that applies a request later still than that holds it twice;
 * {@code verify} finds such a duplicate.
 *
 * <p>{@code timelines} is a read-only view over the run's per-timeline counts, in the plan's order: each
 * {@link TimelineReport} is made when asked for, so a report of millions of timelines holds no object per timeline
 * (issue #13). Copy out only the entries you keep.
 *
 * <p>{@code elapsedMillis}: the whole run, from planning through provisioning to its last answer;
 * {@code importMillis}: its import phase alone (what the pace is measured over).
 */
public record MigrationReport(
        long messagesRead,
        long messagesValid,
        long messagesRejected,
        long importCalls,
        long imported,
        long importsRejected,
        long alreadyDone,
        long notAttempted,
        long retries,
        long throttled,
        long unknownOutcomes,
        long reconciledLanded,
        long resentAfterLoss,
        boolean stoppedEarly,
        String stopReason,
        Map<String, TimelineReport> timelines,
        long elapsedMillis,
        long importMillis) {

    public record TimelineReport(long importCalls, long imported, long rejected, long alreadyDone, long notAttempted) {}

    public boolean complete() {
        return !stoppedEarly && notAttempted == 0;
    }

    public boolean hasRejections() {
        return messagesRejected > 0 || importsRejected > 0;
    }
}
