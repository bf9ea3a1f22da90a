package io.zimmigrate.files.journal;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalNumbering;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process for {@link FileJournalDenseKillTest}: round after round, imports every timeline of a plan of
 * {@code args[1]} timelines (one append), then compacts the log to its dense form (a rewrite), printing
 * "appended R", "compacting R" and "compacted R" as it goes, until killed.
 */
public final class DenseKillChild {
    private DenseKillChild() {}

    static JournalNumbering plan(int timelines) {
        return new JournalNumbering("fp", new ListKeys(timelines, 0));
    }

    static TaskKey key(int t, int round) {
        return new TaskKey(1_700_000_000_000L + round, (long) round * 1_000_000 + t);
    }

    public static void main(String[] args) {
        int timelines = Integer.parseInt(args[1]);
        try (FileJournal journal = FileJournal.open(Path.of(args[0]))) {
            JournalState state = new JournalState(plan(timelines), null);
            JournalEntry.Input input = new JournalEntry.Input("fp", 7);
            state.apply(input);
            journal.append(List.of(input.toLine()));
            for (int round = 1; ; round++) {
                List<String> lines = new ArrayList<>(timelines);
                for (int t = 0; t < timelines; t++) {
                    JournalEntry e = new JournalEntry.Imported(ListKeys.key(t), key(t, round), round);
                    lines.add(e.toLine(state.apply(e, -1)));
                }
                journal.append(lines);
                System.out.println("appended " + round);
                System.out.println("compacting " + round);
                System.out.flush();
                journal.rewrite(state.compactForm());
                System.out.println("compacted " + round);
                System.out.flush();
            }
        }
    }
}
