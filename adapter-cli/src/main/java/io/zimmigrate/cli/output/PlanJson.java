package io.zimmigrate.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.plan.Forecast;
import io.zimmigrate.core.plan.Plan;
import java.io.PrintWriter;

/** {@code plan --output json}: the plan's figures as one object (docs/cli.md, "plan"). */
public final class PlanJson {
    private PlanJson() {}

    public static void print(PrintWriter out, Plan plan, Forecast f, int qps, int retentionDays) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode messages = o.putObject("messages");
        messages.put("read", plan.recordsRead());
        messages.put("valid", plan.validMessages());
        messages.put("rejected", plan.rejectedRecords());
        ObjectNode conversations = o.putObject("conversations");
        conversations.put("group", plan.groupConversations());
        conversations.put("oneToOne", plan.oneToOneConversations());
        o.put("timelines", plan.timelines().size());
        ObjectNode calls = o.putObject("importCalls");
        calls.put("total", plan.importCalls());
        calls.put("ImportGroupMsg", plan.groupImports());
        calls.put("ImportPeerMsg", plan.peerImports());
        ObjectNode provision = o.putObject("provision");
        provision.put("users", plan.users().size());
        provision.put("groups", plan.groups().size());
        o.put("qps", qps);
        if (qps == 0) {
            o.putNull("durationSeconds");
        } else {
            o.put("durationSeconds", f.durationMillis() / 1000);
        }
        o.put("roundTripMillis", f.roundTripMillis());
        ObjectNode bounds = o.putObject("bounds");
        bound(bounds.putObject("ImportGroupMsg"), f.group(), qps);
        bound(bounds.putObject("ImportPeerMsg"), f.peer(), qps);
        o.put("retentionDays", retentionDays);
        o.put("expiringCalls", f.expiringCalls());
        o.put("inputWasOrdered", plan.inputWasOrdered());
        out.println(o.toString());
        out.flush();
    }

    /** An action's calls, longest timeline and both bounds in seconds (the cap's is null with --qps 0). */
    private static void bound(ObjectNode o, Forecast.ActionForecast a, int qps) {
        o.put("calls", a.calls());
        o.put("longestTimeline", a.longestTimeline());
        if (qps == 0) {
            o.putNull("byCapSeconds");
        } else {
            o.put("byCapSeconds", a.byCapMillis() / 1000.0);
        }
        o.put("byLongestTimelineSeconds", a.byChainMillis() / 1000.0);
    }
}
