package io.zimmigrate.cli.run;

import io.zimmigrate.cli.output.TroubledTimelines;
import io.zimmigrate.core.engine.MigrationReport;
import java.io.PrintWriter;

/** The final summary of a run, for people: the counts add up, and what to do next is said plainly. */
final class RunReportPrinter {
    private static final int TIMELINES_SHOWN = 20;

    private RunReportPrinter() {}

    /**
     * Prints the summary of {@code r}; {@code rejectedEarlier} counts the messages ZIM refused (or that left the
     * retention window) in earlier runs of the same journal: they stay counted, and "DONE" is said only when every
     * message is in ZIM. A run that stopped says so on its first line.
     */
    static void print(PrintWriter out, MigrationReport r, long rejectedEarlier, boolean rehearsal,
            boolean journalInMemory) {
        print(out, r, rejectedEarlier, rehearsal, journalInMemory, null);
    }

    /**
     * The same, for a delta run ({@code delta} non-null): what comparing the exports found goes after the counts,
     * and late or changed messages (never sent) keep "DONE" from being said.
     */
    static void print(PrintWriter out, MigrationReport r, long rejectedEarlier, boolean rehearsal,
            boolean journalInMemory, ProgressReporter.DeltaSummary delta) {
        if (r.stoppedEarly()) {
            out.println("STOPPED EARLY: " + io.zimmigrate.cli.output.PlainTrouble.readable(r.stopReason()) + ". "
                    + resumeAdvice(journalInMemory));
        }
        out.printf("messages read:        %d (%d valid, %d rejected by validation)%n", r.messagesRead(), r.messagesValid(),
                r.messagesRejected());
        out.printf("import calls:         %d%n", r.importCalls());
        out.printf("  imported:           %d%n", r.imported());
        out.printf("  rejected:           %d%s%n", r.importsRejected() + rejectedEarlier,
                rejectedEarlier == 0 ? "" : " (" + r.importsRejected() + " in this run, " + rejectedEarlier
                        + " in earlier runs)");
        out.printf("  already done:       %d (from the journal%s)%n", r.alreadyDone(),
                rejectedEarlier == 0 ? "" : "; the " + rejectedEarlier + " rejected in earlier runs among them");
        out.printf("  not attempted:      %d%n", r.notAttempted());
        out.printf("retries: %d, throttled: %d, lost answers: %d (%d found landed on reconciliation%s)%n", r.retries(),
                r.throttled(), r.unknownOutcomes(), r.reconciledLanded(), r.resentAfterLoss() == 0 ? ""
                        : ", " + r.resentAfterLoss() + " resent: ZIM showed none of them until their landing horizon; "
                        + "one it applies later still is a duplicate, which verify finds");
        // The whole run's; its import phase apart when planning and provisioning took a while of it.
        out.printf("time: %.1f s%s%n", r.elapsedMillis() / 1000.0, r.elapsedMillis() - r.importMillis() >= 1000
                ? String.format(" (importing %.1f s)", r.importMillis() / 1000.0) : "");
        if (delta != null) {
            out.println("delta:              " + delta.text());
        }
        TroubledTimelines troubled = TroubledTimelines.of(r, TIMELINES_SHOWN);
        troubled.shown().forEach((key, value) -> out.printf(
                "  timeline %s: %d imported, %d rejected, %d not attempted%n", readable(key),
                value.imported(), value.rejected(), value.notAttempted()));
        if (troubled.notShown() > 0) {
            String lacking = r.importsRejected() == 0 ? "calls not attempted"
                    : r.notAttempted() == 0 ? "rejections" : "rejections or calls not attempted";
            out.printf("  … and %d more timelines with %s%n", troubled.notShown(), lacking);
        }
        if (r.stoppedEarly()) {
            out.println("STOPPED EARLY: " + io.zimmigrate.cli.output.PlainTrouble.readable(r.stopReason()) + ". "
                    + resumeAdvice(journalInMemory));
        } else if (r.hasRejections() || rejectedEarlier > 0) {
            out.println("FINISHED WITH REJECTIONS: " + (r.messagesRejected() + r.importsRejected() + rejectedEarlier)
                    + " messages are not in ZIM" + (rejectedEarlier == 0 ? "" : " (" + rejectedEarlier
                    + " of them refused in earlier runs)") + "; see the rejects file (--rejects) of each run for "
                    + "each record, field and rule.");
        } else if (delta != null && delta.notSent() > 0) {
            out.println("FINISHED WITH REJECTIONS: " + delta.notSent() + " import calls of this export are not "
                    + "imported (late, or changed since their import); see the rejects file for each record and rule.");
        } else if (!r.complete()) {
            out.println("NOT FINISHED: " + r.notAttempted() + " import calls were not attempted; run the same command "
                    + "again to continue.");
        } else {
            out.println("DONE: every message was imported" + (rehearsal ? " into the local emulator (rehearsal)." : "."));
        }
        out.flush();
    }

    /** {@code g:ID} or {@code p:OWNER\0PEER} as people read it. */
    static String readable(String key) {
        if (key.startsWith("p:")) {
            int sep = key.indexOf('\u0000');
            return key.substring(2, sep) + "'s view of " + key.substring(sep + 1);
        }
        return "group " + key.substring(2);
    }

    private static String resumeAdvice(boolean journalInMemory) {
        return journalInMemory
                ? "This rehearsal kept its journal in memory: running it again starts over (give --journal DIR to make "
                        + "a rehearsal resumable)."
                : "Everything done so far is journaled: fix the cause if there is one, then run the same command again "
                        + "to resume.";
    }
}
