package io.zimmigrate.bench;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.InputRules;
import io.zimmigrate.core.rules.MessageRules;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the journal a migration would have left after ZIM acknowledged the first {@code acknowledged} messages of
 * an input (in plan order): the input's fingerprint, then one {@code Imported} line per import call, exactly as
 * the engine writes them ({@link JournalEntry#toLine()}). The plan comes from core's own {@link Planner}, so the
 * fingerprint and the task keys are the ones {@code zim-migrate run} computes for the same source.
 */
final class AcknowledgedJournal {
    private static final int BATCH = 100_000;

    private AcknowledgedJournal() {}

    /** Returns the import calls recorded. */
    static long write(MessageSource source, long nowMillis, Path journalDir, long acknowledged) {
        try (ScratchSpace scratch = FileScratchSpace.in(journalDir.toAbsolutePath().getParent());
             FileJournal journal = FileJournal.open(journalDir)) {
            Plan plan = new Planner(new InputRules(new MessageRules(RuleSet.defaults())), scratch)
                    .plan(source, nowMillis, rejection -> {
                        throw new IllegalStateException("generated record rejected: " + rejection);
                    });
            if (plan.validMessages() < acknowledged) {
                throw new IllegalArgumentException("--acknowledged " + acknowledged + " exceeds the "
                        + plan.validMessages() + " messages of the input");
            }
            List<String> lines = new ArrayList<>(BATCH);
            lines.add(new JournalEntry.Input(plan.fingerprint()).toLine());
            Map<String, Long> seq = new HashMap<>();
            long calls = 0;
            try (ScratchSpace.RunReader r = plan.messages().read()) {
                for (long i = 0; i < acknowledged; i++) {
                    Message m = MessageCodec.decode(r.next());
                    for (Timeline t : m.timelines()) {
                        long msgSeq = seq.merge(t.key(), 1L, Long::sum);
                        lines.add(new JournalEntry.Imported(t.key(), new TaskKey(m.sendTime(), m.ordinal()), msgSeq)
                                .toLine());
                        calls++;
                    }
                    if (lines.size() >= BATCH) {
                        journal.append(lines);
                        lines.clear();
                    }
                }
            }
            journal.append(lines);
            return calls;
        }
    }
}
