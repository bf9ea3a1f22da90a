package io.zimmigrate.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.cli.status.RunTally;
import io.zimmigrate.core.engine.MigrationReport;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code run --output json}: the summary as one object (docs/cli.md, "run"), the same counts as the text. */
public final class RunReportJson {
    private static final int TIMELINES_SHOWN = 20;

    private RunReportJson() {}

    public static void print(PrintWriter out, MigrationReport r, boolean rehearsal, Path journal, RunTally tally) {
        print(out, r, rehearsal, journal, tally, null, null);
    }

    /**
     * The same, with what a delta run found ({@code delta} non-null, issue 15): the counts the text summary's
     * "delta:" line gives, as {@code "delta"}; null when the run was not a delta. A growth of a followed input
     * ({@code growth} non-null) is given as {@code "growth"} instead.
     */
    public static void print(PrintWriter out, MigrationReport r, boolean rehearsal, Path journal, RunTally tally,
                             io.zimmigrate.core.engine.MigrationEvent.Delta delta,
                             io.zimmigrate.core.engine.MigrationEvent.Grown growth) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("outcome", r.stoppedEarly() ? "stopped" : r.hasRejections() ? "rejections" : "done");
        o.put("rehearsal", rehearsal);
        o.put("journal", journal == null ? null : journal.toString());
        ObjectNode messages = o.putObject("messages");
        messages.put("read", r.messagesRead());
        messages.put("valid", r.messagesValid());
        messages.put("rejected", r.messagesRejected());
        ObjectNode calls = o.putObject("calls");
        calls.put("total", r.importCalls());
        calls.put("imported", r.imported());
        calls.put("rejected", r.importsRejected());
        calls.put("alreadyDone", r.alreadyDone());
        calls.put("notAttempted", r.notAttempted());
        o.put("retries", r.retries());
        o.put("throttled", r.throttled());
        o.put("lostAnswers", r.unknownOutcomes());
        o.put("reconciledLanded", r.reconciledLanded());
        o.put("resentAfterLoss", r.resentAfterLoss());
        o.put("elapsedSeconds", r.elapsedMillis() / 1000.0);
        o.put("importSeconds", r.importMillis() / 1000.0);
        o.put("stopReason", r.stopReason());
        if (delta == null) {
            o.putNull("delta");
        } else {
            ObjectNode d = o.putObject("delta");
            d.put("settledBefore", delta.settledBefore());
            d.put("alreadyImported", delta.alreadyImported());
            d.put("missing", delta.missing());
            d.put("changed", delta.changed());
            d.put("late", delta.late());
            d.put("appendedLate", delta.appendedLate());
            d.put("new", delta.toImport());
        }
        if (growth == null) {
            o.putNull("growth");
        } else { // the input only grew since its plan was kept (run --follow): the appended part was compared alone
            ObjectNode g = o.putObject("growth");
            g.put("recordsBefore", growth.recordsBefore());
            g.put("recordsAppended", growth.appendedRecords());
            g.put("late", growth.late());
            g.put("appendedLate", growth.appendedLate());
            g.put("new", growth.toImport());
        }
        ObjectNode snapshot = tally.snapshot("ended");
        o.set("rejectedByRule", snapshot.get("rejectedByRule"));
        o.set("firstRejections", snapshot.get("firstRejections"));
        TroubledTimelines troubled = TroubledTimelines.of(r, TIMELINES_SHOWN);
        var list = o.putArray("troubledTimelines");
        troubled.shown().forEach((key, value) -> {
            ObjectNode t = list.addObject();
            t.put("timeline", key);
            t.put("imported", value.imported());
            t.put("rejected", value.rejected());
            t.put("notAttempted", value.notAttempted());
        });
        o.put("troubledTimelinesNotShown", troubled.notShown());
        out.println(o.toString());
        out.flush();
    }
}
