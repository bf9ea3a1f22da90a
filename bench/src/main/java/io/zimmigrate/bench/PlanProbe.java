package io.zimmigrate.bench;

import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.nio.file.Path;
import java.util.Set;

/**
 * Core's planner (or journal replay) alone, in this process, on a file: for profiling the whole-process figures
 * without the CLI around them (run it under {@code -Xmx256m}, a profiler, or JFR). Prints what it did and how long.
 *
 * <pre>PlanProbe --input FILE [--validate-only] [--journal DIR]</pre>
 */
public final class PlanProbe {
    private PlanProbe() {}

    /**
     * The journal's state with every timeline key as text (no plan to key it by), its dense lines (format 4) read
     * through the kept plan in {@code dir} they number.
     */
    static JournalState replayAsText(FileJournal journal, Path dir) {
        String journaled = io.zimmigrate.core.journal.JournalSummary.head(journal).fingerprint();
        return JournalState.replay(journal, new io.zimmigrate.core.journal.JournalNumbering("none",
                io.zimmigrate.core.journal.JournalKeys.NONE), journaled == null ? null
                : io.zimmigrate.core.plan.KeptNumbering.of(io.zimmigrate.files.journal.FilePlanStore.in(dir), journaled,
                        io.zimmigrate.core.plan.TimelineTable.empty()));
    }

    public static void main(String[] argv) {
        Args args = new Args(argv, Set.of("--validate-only"));
        boolean validateOnly = args.flag("--validate-only");
        String input = args.text("--input", null);
        String journal = args.text("--journal", null);
        args.done();
        if (journal != null) {
            long t0 = System.nanoTime();
            try (FileJournal j = FileJournal.open(Path.of(journal))) {
                JournalState state = replayAsText(j, Path.of(journal));
                System.out.printf("replayed %,d journal lines (%d timelines) in %.2f s%n", state.lineCount(),
                        state.timelines().size(), (System.nanoTime() - t0) / 1e9);
            }
        }
        if (input != null && validateOnly) {
            long t0 = System.nanoTime();
            InputRules rules = new InputRules(new MessageRules(RuleSet.defaults()));
            long now = System.currentTimeMillis();
            long records = 0;
            long rejected = 0;
            try (var stream = new LinesSource(Path.of(input), input).open()) {
                while (stream.hasNext()) {
                    records++;
                    if (rules.check(stream.next(), now) instanceof io.zimmigrate.core.rules.Validation.Rejected) {
                        rejected++;
                    }
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("validated %,d records (%,d rejected) in %.2f s = %.0f msg/s%n", records, rejected, s,
                    records / s);
        } else if (input != null) {
            long t0 = System.nanoTime();
            try (FileScratchSpace scratch = FileScratchSpace.inSystemTemp()) {
                Plan plan = new Planner(new InputRules(new MessageRules(RuleSet.defaults())), scratch)
                        .plan(new LinesSource(Path.of(input), input), System.currentTimeMillis(), r -> { });
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("planned %,d records (%,d valid, %d runs, ordered=%b) in %.2f s = %.0f msg/s; "
                        + "heap used %d MiB%n", plan.recordsRead(), plan.validMessages(), plan.messages().runCount(),
                        plan.inputWasOrdered(), s, plan.recordsRead() / s,
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            }
        }
    }
}
