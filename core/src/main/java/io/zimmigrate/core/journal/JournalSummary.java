package io.zimmigrate.core.journal;

import io.zimmigrate.core.port.Journal;

/**
 * What a run's start needs from a log before the engine reads it: the input's fingerprint and how many tasks it
 * settles as rejected, counted by the same rule as {@link JournalState#rejectedTasks()}, without building the
 * per-timeline state (at 1 M timelines a second {@link JournalState} held about 95 MB through the whole run).
 */
public record JournalSummary(String fingerprint, long rejectedTasks) {

    public static JournalSummary of(Journal journal) {
        String[] fingerprint = {null};
        long[] rejected = {0};
        journal.replay(line -> JournalEntry.parse(line).ifPresent(entry -> {
            if (entry instanceof JournalEntry.Input in) {
                fingerprint[0] = in.fingerprint();
            } else if (entry instanceof JournalEntry.RejectedEarlier e) {
                rejected[0] += e.count();
            } else if (entry instanceof JournalEntry.Rejected r && !JournalState.compactedRule().equals(r.rule())) {
                rejected[0]++;
            }
        }));
        return new JournalSummary(fingerprint[0], rejected[0]);
    }
}
