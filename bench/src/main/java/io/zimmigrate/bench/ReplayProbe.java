package io.zimmigrate.bench;

import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.JournalSummary;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import io.zimmigrate.files.jsonl.JsonlSource;
import java.nio.file.Path;
import java.util.Set;

/**
 * Times a resume's journal replay alone, as a run does it: keyed by the kept plan of the journal's input (found as
 * {@code zim-migrate run} finds it), {@code --rounds} times in one JVM (the first cold, the others warm). Compares
 * a journal of format 3 with the dense form of format 4 of the same migration (issue 15, P6).
 *
 * <pre>ReplayProbe --input FILE --journal DIR [--name NAME] [--rounds N]</pre>
 */
public final class ReplayProbe {
    private ReplayProbe() {}

    public static void main(String[] argv) {
        Args args = new Args(argv, Set.of());
        Path input = Path.of(args.required("--input"));
        Path dir = Path.of(args.required("--journal"));
        String name = args.text("--name", input.toString());
        int rounds = args.integer("--rounds", 5);
        args.done();
        JsonlSource source = new JsonlSource(input, name, JsonlSource.DEFAULT_MAX_LINE_BYTES);
        try (FileJournal journal = FileJournal.open(dir)) {
            String fingerprint = JournalSummary.head(journal).fingerprint();
            KeptPlan.Lookup kept = KeptPlan.find(FilePlanStore.in(dir),
                    KeptPlan.keyOf(source, RuleSet.defaults()).orElseThrow(), fingerprint);
            Plan plan = kept.plan();
            if (plan == null) {
                throw new IllegalStateException("no kept plan: " + kept.reason());
            }
            for (int r = 1; r <= rounds; r++) {
                long t0 = System.nanoTime();
                JournalState state = JournalState.replay(journal, plan.numbering(), null);
                System.out.printf("round %d: replayed %,d lines (%,d timelines, %,d provisioned) in %.3f s%n", r,
                        state.lineCount(), state.timelines().size(), state.provisionedCount(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
