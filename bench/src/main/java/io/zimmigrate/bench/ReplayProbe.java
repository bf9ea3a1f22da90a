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
 * a journal of format 3 with the dense form of format 4 of the same migration (issue 15, P6). Prints the opening of
 * the journal (its lines read and checked) and each round in wall and in this thread's CPU seconds: on a loaded box
 * the CPU is the figure to compare (issue 15, session 15).
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
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long w0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        try (FileJournal journal = FileJournal.open(dir)) {
            System.out.printf("opened (lines read and checked) in %.3f s, CPU %.3f s%n", (System.nanoTime() - w0) / 1e9,
                    (cpu.getCurrentThreadCpuTime() - c0) / 1e9);
            String fingerprint = JournalSummary.head(journal).fingerprint();
            KeptPlan.Lookup kept = KeptPlan.find(FilePlanStore.in(dir),
                    KeptPlan.keyOf(source, RuleSet.defaults()).orElseThrow(), fingerprint);
            Plan plan = kept.plan();
            if (plan == null) {
                throw new IllegalStateException("no kept plan: " + kept.reason());
            }
            for (int r = 1; r <= rounds; r++) {
                long t0 = System.nanoTime();
                long c = cpu.getCurrentThreadCpuTime();
                JournalState state = JournalState.replay(journal, plan.numbering(), null);
                double wall = (System.nanoTime() - t0) / 1e9;
                double spent = (cpu.getCurrentThreadCpuTime() - c) / 1e9;
                System.out.printf("round %d: replayed %,d lines (%,d timelines, %,d provisioned) in %.3f s, CPU %.3f s%n",
                        r, state.lineCount(), state.timelines().size(), state.provisionedCount(), wall, spent);
            }
        }
    }
}
