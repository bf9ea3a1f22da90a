package io.zimmigrate.bench;

import io.zimmigrate.core.journal.JournalCompaction;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the journal directory a migration would have left after ZIM acknowledged the first {@code acknowledged}
 * messages of an input (in plan order), with core's own classes: the plan from {@link Planner} (so fingerprint and
 * task keys are the ones {@code zim-migrate run} computes), a {@code Sending} and an {@code Imported} line per import
 * call ({@link JournalEntry#toLine()}), compacted whenever {@link JournalCompaction} says the engine would have
 * compacted it (after every line, as the engine checks after every flush), and the plan kept with
 * {@link KeptPlan} in {@link FilePlanStore} under the key the run computes for the same source and default rules.
 * The compact form is the one a run keyed by its plan writes (journal format 4: dense), and the log ends with as many
 * lines after it as the engine lets a log grow to before it compacts again: the worst case a resume replays.
 */
final class AcknowledgedJournal {
    private AcknowledgedJournal() {}

    /** What was written. */
    record Written(long calls, long logLines, long linesAfterCompaction, boolean planKept) {}

    /** @param keepPlan false leaves no kept plan, as a journal from before plans were kept (a resume plans again) */
    static Written write(MessageSource source, long nowMillis, Path journalDir, long acknowledged, boolean keepPlan) {
        return write(source, nowMillis, journalDir, acknowledged, keepPlan, false);
    }

    /**
     * @param provisioned the log also says every user and group of the plan was provisioned, as a {@code run
     *     --provision} leaves it before its first import (for the memory shapes: a resume then holds them all)
     */
    static Written write(MessageSource source, long nowMillis, Path journalDir, long acknowledged, boolean keepPlan,
                         boolean provisioned) {
        try (ScratchSpace scratch = FileScratchSpace.in(journalDir.toAbsolutePath().getParent());
             FileJournal journal = FileJournal.open(journalDir)) {
            RuleSet rules = RuleSet.defaults();
            Plan plan = new Planner(new InputRules(new MessageRules(rules)), scratch)
                    .plan(source, nowMillis, rejection -> {
                        throw new IllegalStateException("generated record rejected: " + rejection);
                    });
            if (plan.validMessages() < acknowledged) {
                throw new IllegalArgumentException("--acknowledged " + acknowledged + " exceeds the "
                        + plan.validMessages() + " messages of the input");
            }
            long calls = 0;
            try (ScratchSpace.RunReader r = plan.messages().read()) { // first, how many lines the log gets
                for (long i = 0; i < acknowledged; i++) {
                    calls += MessageCodec.decode(r.next()).timelines().size();
                }
            }
            long subjects = provisioned ? plan.users().size() + plan.groups().size() : 0;
            Log log = new Log(plan.numbering(), 1 + subjects + 2 * calls);
            log.add(new JournalEntry.Input(plan.fingerprint(), nowMillis));
            if (provisioned) {
                plan.users().forEach(u -> log.add(new JournalEntry.Provisioned("user:" + u.value())));
                plan.groups().keySet().forEach(g -> log.add(new JournalEntry.Provisioned("group:" + g.value())));
            }
            Map<String, Long> seq = new HashMap<>();
            calls = 0;
            try (ScratchSpace.RunReader r = plan.messages().read()) {
                for (long i = 0; i < acknowledged; i++) {
                    Message m = MessageCodec.decode(r.next());
                    for (Timeline t : m.timelines()) {
                        TaskKey key = new TaskKey(m.sendTime(), m.ordinal());
                        log.add(new JournalEntry.Sending(t.key(), key));
                        log.add(new JournalEntry.Imported(t.key(), key, seq.merge(t.key(), 1L, Long::sum)));
                        calls++;
                    }
                }
            }
            List<String> lines = log.lines();
            journal.rewrite(lines);
            if (keepPlan) {
                KeptPlan.keep(FilePlanStore.in(journalDir), KeptPlan.keyOf(source, rules).orElseThrow(
                        () -> new IllegalStateException(source.name() + " has no identity, its plan cannot be kept")),
                        plan);
            }
            return new Written(calls, lines.size(), log.since.size(), keepPlan);
        }
    }

    /**
     * The log as the engine leaves it: the compact form at the last compaction, then every line since, each naming
     * its timeline's number in the plan (journal format 3), as the engine's writer keyed by the plan writes them.
     * Compacted once more, early, where the lines still to come are as many as the engine lets follow a compact
     * form: the log ends as long as it can get, the worst case for a resume.
     */
    private static final class Log {
        private final JournalState state;
        private List<String> compacted = List.of();
        private final List<String> since = new ArrayList<>();
        private static final long WORST_CASE_MARGIN_LINES = 64;
        private final long total;
        private long left;
        private boolean worstCaseSet;

        Log(io.zimmigrate.core.journal.JournalNumbering plan, long lines) {
            this.state = new JournalState(plan, null);
            this.total = lines;
            this.left = lines;
        }

        void add(JournalEntry entry) {
            since.add(entry.toLine(state.apply(entry, -1)));
            left--;
            long slack = JournalCompaction.DEFAULT_SLACK_LINES;
            long allowed = JournalCompaction.linesAllowed(state, slack);
            // Only for a log that outgrows a compact form anyway: a short one is never compacted by a run. A few lines
            // short of the bound, which moves by two with each send in flight: the last line must not compact it.
            boolean worstCase = !worstCaseSet && total > allowed
                    && left <= allowed - state.compactedLinesAtMost() - WORST_CASE_MARGIN_LINES;
            if (worstCase || JournalCompaction.due(compacted.size() + since.size(), state, slack)) {
                compacted = state.compacted();
                since.clear();
                worstCaseSet |= worstCase;
            }
        }

        List<String> lines() {
            List<String> all = new ArrayList<>(compacted.size() + since.size());
            all.addAll(compacted);
            all.addAll(since);
            return all;
        }
    }
}
