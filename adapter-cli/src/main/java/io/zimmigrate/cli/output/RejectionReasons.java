package io.zimmigrate.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.cli.status.RunTally;
import java.io.PrintWriter;

/**
 * After a run's text summary: the rejections by rule and the first few reasons, in validate's words, so the
 * operator learns why without opening a file.
 */
public final class RejectionReasons {
    private RejectionReasons() {}

    public static void print(PrintWriter out, RunTally tally, java.nio.file.Path rejectsFile) {
        ObjectNode s = tally.snapshot("ended");
        JsonNode byRule = s.path("rejectedByRule");
        if (byRule.size() == 0) {
            return;
        }
        out.println("rejected by rule:");
        byRule.properties().forEach(e -> out.printf("  %-28s %d%n", e.getKey(), e.getValue().asLong()));
        out.println("first rejections:");
        for (JsonNode r : s.path("firstRejections")) {
            out.printf("  %s:%d%s: %s: %s [%s]%n", r.path("file").asText(), r.path("line").asLong(),
                    r.path("id").isTextual() ? " (" + r.path("id").asText() + ")" : "", r.path("field").asText(), r.path("message").asText(), r.path("rule").asText());
        }
        if (rejectsFile != null) {
            out.println("every rejection: " + rejectsFile);
        }
        out.flush();
    }
}
