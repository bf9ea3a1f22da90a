package io.zimmigrate.core.engine;

import java.util.Map;

/**
 * How a migration ended. Counts add up: {@code messagesRead = messagesValid + messagesRejected}, and
 * {@code importCalls = imported + importsRejected + alreadyDone + notAttempted}, in total and per timeline.
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
        boolean stoppedEarly,
        String stopReason,
        Map<String, TimelineReport> timelines,
        long elapsedMillis) {

    public record TimelineReport(long importCalls, long imported, long rejected, long alreadyDone, long notAttempted) {}

    public boolean complete() {
        return !stoppedEarly && notAttempted == 0;
    }

    public boolean hasRejections() {
        return messagesRejected > 0 || importsRejected > 0;
    }
}
