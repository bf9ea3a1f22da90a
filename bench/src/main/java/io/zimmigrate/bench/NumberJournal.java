package io.zimmigrate.bench;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalSummary;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import io.zimmigrate.files.jsonl.JsonlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Copies a journal directory (its log and kept plan) with every line that names a timeline given the kept plan's
 * number for it, as a run of journal format 3 writes them: the same lines in the same order, so P6 can resume the
 * journal a format-2 jar left (main's, read-only) and its format-3 twin side by side (issue 15).
 *
 * <pre>NumberJournal --journal DIR --input FILE [--name NAME] --out DIR</pre>
 * ({@code --input}/{@code --name} as GenerateHistory was given them: the kept plan is found under that input's key)
 */
public final class NumberJournal {
    private NumberJournal() {}

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv, Set.of());
        Path from = Path.of(args.text("--journal", null));
        Path to = Path.of(args.text("--out", null));
        Path input = Path.of(args.text("--input", null));
        String name = args.text("--name", input.toString());
        args.done();
        Files.createDirectories(to);
        Files.copy(from.resolve(FilePlanStore.PLAN_FILE), to.resolve(FilePlanStore.PLAN_FILE),
                StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(to.resolve(FileJournal.LOG_FILE));
        long t0 = System.nanoTime();
        long[] counts = new long[2];
        // The plan.bin is copied first: a directory with a plan and no log is refused, so the log is written aside.
        Path staging = Files.createTempDirectory(to.getParent(), "numbering");
        try (FileJournal in = FileJournal.open(from); FileJournal out = FileJournal.open(staging)) {
            String fingerprint = JournalSummary.head(in).fingerprint();
            String planKey = KeptPlan.keyOf(new JsonlSource(input, name, JsonlSource.DEFAULT_MAX_LINE_BYTES),
                    io.zimmigrate.core.rules.RuleSet.defaults()).orElseThrow();
            KeptPlan.Lookup kept = KeptPlan.find(FilePlanStore.in(from), planKey, fingerprint);
            Plan plan = kept.plan();
            if (plan == null) {
                throw new IllegalStateException("no kept plan of " + fingerprint + " in " + from + ": " + kept.reason());
            }
            TimelineTable table = plan.timelineTable();
            List<String> batch = new ArrayList<>();
            int[] number = {-1};
            in.replay(line -> {
                JournalEntry e = JournalEntry.parse(line, number);
                String key = e == null ? null : timeline(e);
                int n = key == null ? -1 : table.numberOf(key);
                if (key != null && n < 0) {
                    throw new IllegalStateException("the kept plan has no timeline " + key + " (line " + counts[0] + ")");
                }
                batch.add(key == null ? line : e.toLine(n));
                counts[0]++;
                counts[1] += key == null ? 0 : 1;
                if (batch.size() == 50_000) {
                    out.append(List.copyOf(batch));
                    batch.clear();
                }
            });
            out.append(List.copyOf(batch));
        }
        Files.move(staging.resolve(FileJournal.LOG_FILE), to.resolve(FileJournal.LOG_FILE), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(staging.resolve(FileJournal.LOCK_FILE));
        Files.deleteIfExists(staging);
        System.out.printf("numbered %,d of %,d lines in %.1f s%n", counts[1], counts[0], (System.nanoTime() - t0) / 1e9);
    }

    private static String timeline(JournalEntry e) {
        if (e instanceof JournalEntry.Sending s) {
            return s.timeline();
        } else if (e instanceof JournalEntry.Imported i) {
            return i.timeline();
        } else if (e instanceof JournalEntry.Rejected r) {
            return r.timeline();
        } else if (e instanceof JournalEntry.AppendLate a) {
            return a.timeline();
        }
        return null;
    }
}
