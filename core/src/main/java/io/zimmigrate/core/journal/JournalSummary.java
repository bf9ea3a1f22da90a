package io.zimmigrate.core.journal;

import io.zimmigrate.core.port.Journal;

/**
 * What a run's start needs from a log before the engine reads it: the input's fingerprint, the instant it was planned
 * at and how many tasks it settles as rejected, counted by the same rule as {@link JournalState#rejectedTasks()},
 * without building the per-timeline state (at 1 M timelines a second {@link JournalState} held about 95 MB through
 * the whole run). A run reads this first, finds or makes its plan, and only then replays the state keyed by that
 * plan ({@link JournalState#replay(Journal, JournalKeys)}, issue #13).
 */
public record JournalSummary(String fingerprint, long plannedAtMillis, long rejectedTasks) {

    /**
     * The fingerprint and planning instant alone ({@link #rejectedTasks} -1: not counted), from the log's head: its
     * input line is its first entry (a fresh start writes it first, every rewrite puts it first), so a resume reads
     * a line or two here and the whole log once, in the replay keyed by its plan (P6).
     */
    public static JournalSummary head(Journal journal) {
        JournalSummary[] head = {new JournalSummary(null, 0, -1)};
        journal.replayWhile(line -> {
            if (!line.startsWith("[\"in\",")) {
                return true;
            }
            if (JournalEntry.parse(line).orElse(null) instanceof JournalEntry.Input in) {
                head[0] = new JournalSummary(in.fingerprint(), in.plannedAtMillis(), -1);
            }
            return head[0].fingerprint() == null;
        });
        return head[0];
    }

    public static JournalSummary of(Journal journal) {
        String[] fingerprint = {null};
        long[] plannedAt = {0};
        long[] rejected = {0};
        journal.replay(line -> {
            if (settlesNothingRejected(line)) {
                return; // imports, sends, provisioning: most of a log, and none of them counts here
            }
            JournalEntry.parse(line).ifPresent(entry -> {
                if (entry instanceof JournalEntry.Input in) {
                    fingerprint[0] = in.fingerprint();
                    plannedAt[0] = in.plannedAtMillis();
                } else if (entry instanceof JournalEntry.RejectedEarlier e) {
                    rejected[0] += e.count();
                } else if (entry instanceof JournalEntry.Rejected r && !JournalState.compactedRule().equals(r.rule())) {
                    rejected[0]++;
                }
            });
        });
        return new JournalSummary(fingerprint[0], plannedAt[0], rejected[0]);
    }

    /**
     * A line of an import, a send, a late message or a subject provisioned, as {@link JournalEntry#toLine()} writes
     * it, or a dense line (format 4: settlements by number; one settled as rejected was counted in the earlier
     * rejections' line).
     */
    private static boolean settlesNothingRejected(String line) {
        return DenseForm.isDense(line) || line.startsWith("[\"i\",") || line.startsWith("[\"s\",") || line.startsWith("[\"p\",")
                || line.startsWith("[\"a\",");
    }
}
