package io.zimmigrate.cli.status;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What {@code status} shows: the status file as the run last wrote it, judged now. The lock decides whether a run
 * is alive: a file that still says "running" with nobody holding the journal was left by a run that was killed.
 */
final class StatusView {
    private StatusView() {}

    static ObjectNode of(Path journal, boolean held, ObjectNode status, Instant now) {
        ObjectNode o = status == null ? JsonNodeFactory.instance.objectNode() : status.deepCopy();
        o.put("journal", journal.toAbsolutePath().normalize().toString());
        o.put("lockHeld", held);
        if (status == null) {
            o.put("state", held ? "starting" : "unknown");
            return o;
        }
        long age = StatusCommand.secondsSince(status.path("updatedAt").asText(null), now);
        o.put("ageSeconds", age);
        String state = status.path("state").asText("unknown");
        boolean claimsAlive = state.equals("running") || state.equals("stopping");
        if (claimsAlive && !held) {
            o.put("state", "killed");
        }
        if (held && claimsAlive && o.path("etaSeconds").asLong(-1) >= 0) {
            o.put("etaSeconds", Math.max(0, o.path("etaSeconds").asLong() - age));
        }
        if (!(held && claimsAlive)) {
            o.put("callsPerSecond", 0.0);
            o.put("etaSeconds", -1);
            o.put("readyTimelines", 0); // nothing waits to be sent by a run that is gone
        }
        o.put("lastAnswerSecondsAgo", StatusCommand.secondsSince(status.path("lastAnswerAt").asText(null), now));
        return o;
    }
}
