package io.zimmigrate.cli.validate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.validation.ValidationSummary;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Prints a validation's outcome as text for people or as one JSON object for programs (docs/cli.md). */
final class SummaryPrinter {

    /** What was checked, besides the counts. */
    record Context(List<String> files, long nowMillis, int retentionDays) {}

    private SummaryPrinter() {}

    static void text(PrintWriter out, Context ctx, ValidationSummary s, List<Rejection> shown, long notShown) {
        for (Rejection r : shown) {
            for (Violation v : r.violations()) {
                out.println(r.locator() + (r.id() == null ? "" : " (" + r.id() + ")") + ": " + v.field() + ": "
                        + v.message() + " [" + v.rule() + "]");
            }
        }
        if (notShown > 0) {
            out.println("… and " + notShown + " more rejected record" + plural(notShown)
                    + " (all of them go to --rejects FILE)");
        }
        if (!shown.isEmpty()) {
            out.println();
        }
        out.println("Read " + s.read() + " record" + plural(s.read()) + " from " + describeFiles(ctx.files()) + ": "
                + s.valid() + " valid, " + s.rejected() + " rejected.");
        out.println("Retention window: " + ctx.retentionDays() + " days before " + Instant.ofEpochMilli(ctx.nowMillis())
                + ".");
        counts(out, "Rejected records by rule:", s.rejectedByRule());
        counts(out, "Warnings by rule:", s.warningsByRule());
        out.println("Conversations: " + s.groupConversations() + " group, " + s.oneToOneConversations() + " one-to-one.");
        out.println("Import calls needed: " + s.importCalls() + ".");
    }

    static void json(PrintWriter out, Context ctx, ValidationSummary s, RejectionLines format, List<Rejection> shown,
                     long notShown) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode files = o.putArray("files");
        ctx.files().forEach(files::add);
        o.put("now", ctx.nowMillis());
        o.put("retentionDays", ctx.retentionDays());
        o.put("read", s.read());
        o.put("valid", s.valid());
        o.put("rejected", s.rejected());
        ObjectNode byRule = o.putObject("rejectedByRule");
        s.rejectedByRule().forEach(byRule::put);
        ObjectNode warnings = o.putObject("warningsByRule");
        s.warningsByRule().forEach(warnings::put);
        ObjectNode conversations = o.putObject("conversations");
        conversations.put("group", s.groupConversations());
        conversations.put("oneToOne", s.oneToOneConversations());
        o.put("importCalls", s.importCalls());
        ArrayNode rejections = o.putArray("rejections");
        shown.forEach(r -> format.objects(r).forEach(rejections::add));
        o.put("rejectionsNotShown", notShown);
        out.println(o);
    }

    private static void counts(PrintWriter out, String title, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        out.println(title);
        int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
        counts.forEach((rule, n) -> out.println("  " + rule + " ".repeat(width - rule.length() + 2) + n));
    }

    private static String describeFiles(List<String> files) {
        return files.size() == 1 ? files.get(0) : files.size() + " files";
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
