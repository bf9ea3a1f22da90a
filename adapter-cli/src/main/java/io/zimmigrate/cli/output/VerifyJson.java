package io.zimmigrate.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.engine.Verification;
import java.io.PrintWriter;

/** {@code verify --output json}: totals and every timeline that differs, as one object (docs/cli.md, "verify"). */
public final class VerifyJson {
    private VerifyJson() {}

    public static void print(PrintWriter out, Verification.Report report) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("ok", report.ok());
        o.put("timelines", report.timelines());
        o.put("missing", report.missing());
        o.put("duplicated", report.duplicated());
        o.put("outOfOrder", report.outOfOrder());
        o.put("appendedLate", report.appendedLate());
        var differences = o.putArray("differences");
        for (Verification.TimelineCheck c : report.differences()) {
            ObjectNode d = differences.addObject();
            d.put("timeline", c.timeline());
            d.put("expected", c.expected());
            d.put("found", c.found());
            d.put("missing", c.missing());
            d.put("duplicated", c.duplicated());
            d.put("outOfOrder", c.outOfOrder());
            d.put("appendedLate", c.appendedLate());
            d.put("error", c.error());
        }
        o.put("differencesNotShown", report.differencesNotKept());
        out.println(o.toString());
        out.flush();
    }
}
