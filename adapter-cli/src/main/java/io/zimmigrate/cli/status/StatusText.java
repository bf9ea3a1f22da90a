package io.zimmigrate.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.cli.output.PlainTrouble;
import java.io.PrintWriter;

/** {@code status} for people: one fact per line, the same facts as the JSON object. */
final class StatusText {
    private StatusText() {}

    static void print(PrintWriter out, ObjectNode s) {
        out.printf("journal:          %s (%s)%n", s.path("journal").asText(),
                s.path("lockHeld").asBoolean() ? "a run holds it" : "no run holds it");
        String state = s.path("state").asText();
        out.printf("state:            %s%n", switch (state) {
            case "unknown" -> "no status file: no run has planned with this journal since status files exist";
            case "starting" -> "starting (the run has not finished planning yet)";
            case "killed" -> "ended without saying so (killed, or the machine stopped): run the same command to resume";
            case "stopped" -> "stopped early: " + PlainTrouble.readable(s.path("stopReason").asText()) + " (run the same command to resume)";
            case "stopping" -> "stopping: " + PlainTrouble.readable(s.path("stopReason").asText());
            case "finished" -> "finished";
            default -> state + " (pid " + s.path("pid").asLong() + ", updated " + s.path("ageSeconds").asLong() + " s ago)";
        });
        if (!s.has("calls")) {
            out.flush();
            return;
        }
        JsonNode calls = s.path("calls");
        long total = calls.path("total").asLong();
        long settled = calls.path("settled").asLong();
        out.printf("calls settled:    %d / %d%s (%d already done before this run, %d in flight)%n", settled, total,
                total > 0 ? String.format(" (%.1f %%)", settled * 100.0 / total) : "", calls.path("alreadyDone").asLong(),
                calls.path("inFlight").asLong());
        out.printf("  this run:       %d imported, %d rejected by ZIM or the window%n", calls.path("imported").asLong(),
                calls.path("rejected").asLong());
        s.path("byAction").properties().forEach(e -> out.printf("  %-15s %d imported, %d rejected, %d throttled%n",
                e.getKey() + ":", e.getValue().path("imported").asLong(), e.getValue().path("rejected").asLong(),
                e.getValue().path("throttled").asLong()));
        JsonNode provisioning = s.path("provisioning");
        if (provisioning.isObject()) {
            out.printf("provisioning:     %d / %d users registered, %d / %d groups created with their members%n",
                    provisioning.path("usersDone").asLong(), provisioning.path("users").asLong(),
                    provisioning.path("groupsDone").asLong(), provisioning.path("groups").asLong());
        }
        JsonNode delta = s.path("delta");
        if (delta.isObject()) {
            out.printf("delta:            %d new calls, %d late appended at the end of their timelines, %d late and %d "
                    + "changed not sent, %d in ZIM not in this export%n", delta.path("new").asLong(),
                    delta.path("appendedLate").asLong(), delta.path("late").asLong(), delta.path("changed").asLong(),
                    delta.path("missing").asLong());
        }
        long eta = s.path("etaSeconds").asLong(-1);
        out.printf("rate:             %.1f calls/s, ETA %s, %d timelines ready to send%n", s.path("callsPerSecond").asDouble(),
                eta < 0 ? "unknown" : duration(eta), s.path("readyTimelines").asLong());
        if (s.path("mediaBytesCopied").asLong() > 0) {
            out.printf("media copied:     %d bytes by this run%n", s.path("mediaBytesCopied").asLong());
        }
        out.printf("lost answers:     %d (reconciled: %d landed, %d not landed), retries %d%n",
                s.path("lostAnswers").asLong(), s.path("reconciled").path("landed").asLong(),
                s.path("reconciled").path("notLanded").asLong(), s.path("retries").asLong());
        long ago = s.path("lastAnswerSecondsAgo").asLong(-1);
        out.printf("last answer:      %s%n", ago < 0 ? "none yet" : s.path("lastAnswerAt").asText() + " (" + ago + " s ago)");
        JsonNode error = s.path("lastError");
        out.printf("last error:       %s%n", error.isObject()
                ? error.path("at").asText() + ": " + PlainTrouble.readable(error.path("message").asText()) : "none");
        JsonNode byRule = s.path("rejectedByRule");
        if (byRule.size() > 0) {
            out.println("rejected by rule:");
            byRule.properties().forEach(e -> out.printf("  %-28s %d%n", e.getKey(), e.getValue().asLong()));
            out.println("first rejections:");
            for (JsonNode r : s.path("firstRejections")) {
                out.printf("  %s:%d%s: %s: %s [%s]%n", r.path("file").asText(), r.path("line").asLong(),
                        r.path("id").isTextual() ? " (" + r.path("id").asText() + ")" : "", r.path("field").asText(), r.path("message").asText(), r.path("rule").asText());
            }
        }
        out.flush();
    }

    static String duration(long seconds) {
        return seconds >= 86_400 ? String.format("%dd %02dh %02dm", seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60)
                : String.format("%dh %02dm %02ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
