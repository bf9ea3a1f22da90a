package io.zimmigrate.core.journal;

import io.zimmigrate.core.port.Journal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a journal says was done: which input it belongs to, how far each timeline got, which request may be
 * in flight, and what was provisioned. Built by replaying the log; only the last settlement per timeline is kept,
 * since a timeline is imported strictly in order. A run keeps applying its own entries to the same object (through
 * the engine's journal writer), so the state the engine reads, the state the log replays to and the state the
 * compactor writes are one and the same: the settlement rule ({@code settle}) exists only here.
 */
public final class JournalState {
    /** The rule of a compact line that only marks how far a timeline got; not a rejection of its own. */
    private static final String COMPACTED = "compacted";
    private String fingerprint;
    private long plannedAtMillis;
    /** Tasks the log settles as rejected (ZIM's refusals and messages that left the retention window). */
    private long rejectedTasks;
    private final Map<String, TimelineProgress> timelines = new HashMap<>();
    private final Set<String> provisioned = new HashSet<>();
    private long lines;

    /** One timeline's progress: the last settled task (and its sequence if imported), and an unsettled send. */
    public static final class TimelineProgress {
        private TaskKey lastSettled;
        private long lastMsgSeq;
        private TaskKey pendingSend;

        public TaskKey lastSettled() {
            return lastSettled;
        }

        /** ZIM's sequence of the last message imported into this timeline, 0 if none yet. */
        public long lastMsgSeq() {
            return lastMsgSeq;
        }

        /** A task whose request may have reached ZIM without an answer being recorded; null if none. */
        public TaskKey pendingSend() {
            return pendingSend;
        }

        public boolean isSettled(TaskKey task) {
            return lastSettled != null && task.compareTo(lastSettled) <= 0;
        }
    }

    public static JournalState replay(Journal journal) {
        JournalState state = new JournalState();
        journal.replay(line -> JournalEntry.parse(line).ifPresent(state::apply));
        return state;
    }

    public void apply(JournalEntry entry) {
        lines++;
        if (entry instanceof JournalEntry.Input in) {
            fingerprint = in.fingerprint();
            plannedAtMillis = in.plannedAtMillis();
        } else if (entry instanceof JournalEntry.RejectedEarlier e) {
            rejectedTasks += e.count();
        } else if (entry instanceof JournalEntry.Provisioned p) {
            provisioned.add(p.subject());
        } else if (entry instanceof JournalEntry.Sending s) {
            TimelineProgress t = progress(s.timeline());
            if (!t.isSettled(s.task())) {
                t.pendingSend = s.task();
            }
        } else if (entry instanceof JournalEntry.Imported i) {
            TimelineProgress t = progress(i.timeline());
            settle(t, i.task());
            t.lastMsgSeq = i.msgSeq();
        } else if (entry instanceof JournalEntry.Rejected r) {
            settle(progress(r.timeline()), r.task());
            if (!COMPACTED.equals(r.rule())) {
                rejectedTasks++;
            }
        }
    }

    private static void settle(TimelineProgress t, TaskKey task) {
        if (t.lastSettled == null || task.isAfter(t.lastSettled)) {
            t.lastSettled = task;
        }
        if (t.pendingSend != null && !t.pendingSend.isAfter(task)) {
            t.pendingSend = null;
        }
    }

    private TimelineProgress progress(String timeline) {
        return timelines.computeIfAbsent(timeline, k -> new TimelineProgress());
    }

    /**
     * The state a delta run continues from: the same provisioning and earlier rejections as {@code previous}, the
     * new input's fingerprint and planning instant, and each timeline settled up to {@code settledTo} (a key of the
     * new input's plan) with its ZIM sequence kept, and the send of {@code pending} still to reconcile;
     * {@code notImported} more tasks (the new export's late and changed ones) count as rejected from now on.
     */
    public static JournalState rebased(JournalState previous, String fingerprint, long plannedAtMillis,
                                       Map<String, TaskKey> settledTo, Map<String, TaskKey> pending, long notImported) {
        JournalState s = new JournalState();
        s.fingerprint = fingerprint;
        s.plannedAtMillis = plannedAtMillis;
        s.rejectedTasks = previous.rejectedTasks + notImported;
        s.provisioned.addAll(previous.provisioned);
        settledTo.forEach((key, to) -> {
            TimelineProgress t = s.progress(key);
            t.lastSettled = to;
            TimelineProgress before = previous.timelines.get(key);
            t.lastMsgSeq = before == null ? 0 : before.lastMsgSeq;
        });
        pending.forEach((key, task) -> s.progress(key).pendingSend = task);
        return s;
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** The instant the journal's input was planned at (0 if the log does not say); every run plans at it. */
    public long plannedAtMillis() {
        return plannedAtMillis;
    }

    /** How many tasks the log settles as rejected, in every run so far. */
    public long rejectedTasks() {
        return rejectedTasks;
    }

    public TimelineProgress timeline(String key) {
        return timelines.get(key);
    }

    /**
     * The one progress object of a timeline, created empty if the journal has nothing on it yet. The engine reads
     * this very object while the journal writer applies each entry to it: one settlement state, nothing to keep in step.
     */
    public TimelineProgress progressOf(String key) {
        return progress(key);
    }

    public Map<String, TimelineProgress> timelines() {
        return timelines;
    }

    public boolean isProvisioned(String subject) {
        return provisioned.contains(subject);
    }

    /** How many users and groups the log says were provisioned. */
    public int provisionedCount() {
        return provisioned.size();
    }

    /**
     * The most lines {@link #compacted()} can have, found without building them: the input line, one per
     * provisioned subject and two per timeline (its last settlement and a pending send).
     */
    public long compactedLinesAtMost() {
        return 2L + provisioned.size() + 2L * timelines.size();
    }

    /** How many entries the log holds; compared with {@link #compacted()} to decide whether to rewrite it. */
    public long lineCount() {
        return lines;
    }

    /** The shortest log that replays to this same state. */
    public List<String> compacted() {
        List<String> out = new ArrayList<>(timelines.size() + provisioned.size() + 1);
        if (fingerprint != null) {
            out.add(new JournalEntry.Input(fingerprint, plannedAtMillis).toLine());
        }
        if (rejectedTasks > 0) {
            out.add(new JournalEntry.RejectedEarlier(rejectedTasks).toLine());
        }
        provisioned.stream().sorted().forEach(p -> out.add(new JournalEntry.Provisioned(p).toLine()));
        timelines.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            TimelineProgress t = e.getValue();
            if (t.lastSettled != null) {
                // Settled tasks that were rejected keep their msgSeq context as an import of the last known sequence.
                out.add(t.lastMsgSeq > 0
                        ? new JournalEntry.Imported(e.getKey(), t.lastSettled, t.lastMsgSeq).toLine()
                        : new JournalEntry.Rejected(e.getKey(), t.lastSettled, 0, COMPACTED).toLine());
            }
            if (t.pendingSend != null) {
                out.add(new JournalEntry.Sending(e.getKey(), t.pendingSend).toLine());
            }
        });
        return out;
    }
}
