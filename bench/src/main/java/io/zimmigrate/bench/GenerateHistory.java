package io.zimmigrate.bench;

import io.zimmigrate.files.jsonl.JsonlSource;
import java.nio.file.Path;
import java.util.Set;

/**
 * Writes a generated history for the benchmarks (canonical JSONL), and optionally the journal of a run that already
 * imported its first messages (for the resume benchmark).
 *
 * <pre>
 * GenerateHistory --messages N [--groups G | --timelines G] [--pairs P] [--shuffle] [--seed S] --out FILE
 *                 [--span-days D] [--body-bytes B] [--now EPOCH_MS]
 *                 [--journal DIR --acknowledged K [--name NAME] [--no-kept-plan] [--provisioned]]
 * GenerateHistory --input FILE --journal DIR --acknowledged K [--name NAME] [--now EPOCH_MS] [--provisioned]
 * </pre>
 *
 * {@code --input} takes an export written elsewhere (bench/memory-shape.py's shapes) instead of generating one, and
 * only writes its journal; {@code --provisioned} also records every user and group of the plan as provisioned.
 *
 * {@code --name} is how the run will name the file (the path exactly as given to {@code zim-migrate run}); it goes
 * into the records' locators. The journal directory is read through the product's JSONL source, so the kept plan's
 * key (the file's identity) is the one the run computes; {@code --no-kept-plan} leaves the plan out (a resume then
 * plans the input again). Prints one summary line.
 */
public final class GenerateHistory {
    private GenerateHistory() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of("--shuffle", "--no-kept-plan", "--provisioned"));
        long now = args.number("--now", System.currentTimeMillis());
        int groups = args.integer("--groups", args.integer("--timelines", -1));
        int pairs = args.integer("--pairs", 0);
        if (groups < 0) {
            groups = pairs > 0 ? 0 : 10;
        }
        String input = args.text("--input", null);
        if (input != null) {
            journalOnly(args, Path.of(input), now);
            return;
        }
        HistoryShape shape = new HistoryShape(args.number("--messages", 1000), groups, pairs, args.flag("--shuffle"),
                args.number("--seed", 1), now, Math.round(args.decimal("--span-days", 20) * 86_400_000L),
                args.integer("--body-bytes", HistoryShape.DEFAULT_BODY_BYTES));
        String out = args.required("--out");
        String journal = args.text("--journal", null);
        long acknowledged = args.number("--acknowledged", 0);
        String name = args.text("--name", out);
        boolean keepPlan = !args.flag("--no-kept-plan");
        boolean provisioned = args.flag("--provisioned");
        args.done();

        long t0 = System.nanoTime();
        new HistoryGenerator(shape).writeTo(Path.of(out));
        long t1 = System.nanoTime();
        String summary = String.format("generated %,d messages over %d groups and %d pairs%s into %s in %.1f s",
                shape.messages(), shape.groups(), shape.pairs(), shape.shuffle() ? " (shuffled)" : "", out,
                (t1 - t0) / 1e9);
        if (journal != null) {
            AcknowledgedJournal.Written w = AcknowledgedJournal.write(new JsonlSource(Path.of(out), name,
                    JsonlSource.DEFAULT_MAX_LINE_BYTES), now, Path.of(journal), acknowledged, keepPlan, provisioned);
            summary += String.format("; journal %s with %,d acknowledged import calls (log of %,d lines, %,d after its "
                    + "compact form, plan %s) in %.1f s", journal, w.calls(), w.logLines(), w.linesAfterCompaction(),
                    w.planKept() ? "kept" : "not kept",
                    (System.nanoTime() - t1) / 1e9);
        }
        System.out.println(summary);
    }

    /** The journal of a run over an existing export that ZIM acknowledged the first {@code --acknowledged} of. */
    private static void journalOnly(Args args, Path input, long now) {
        String journal = args.required("--journal");
        long acknowledged = args.number("--acknowledged", 0);
        String name = args.text("--name", input.toString());
        boolean provisioned = args.flag("--provisioned");
        args.done();
        long t0 = System.nanoTime();
        AcknowledgedJournal.Written w = AcknowledgedJournal.write(new JsonlSource(input, name,
                JsonlSource.DEFAULT_MAX_LINE_BYTES), now, Path.of(journal), acknowledged, true, provisioned);
        System.out.printf("journal %s of %s with %,d acknowledged import calls (log of %,d lines, %,d after its compact "
                + "form, plan kept%s) in %.1f s%n", journal, input, w.calls(), w.logLines(), w.linesAfterCompaction(),
                provisioned ? ", all provisioned" : "",
                (System.nanoTime() - t0) / 1e9);
    }
}
