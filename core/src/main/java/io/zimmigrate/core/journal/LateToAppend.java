package io.zimmigrate.core.journal;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Late messages to import at the end of their timeline ({@link JournalEntry.AppendLate}, {@code --late=append}), by
 * the journal state's timeline row, until settled. Their keys are below the row's settled key, so they are the
 * exception to "settled up to a key". Only a delta run with {@code --late=append} makes them, a few per timeline at
 * most, so a map of small sets.
 */
final class LateToAppend {
    private final Map<Integer, NavigableSet<TaskKey>> byRow = new HashMap<>();
    private int count;

    void add(int row, TaskKey task) {
        if (byRow.computeIfAbsent(row, r -> new TreeSet<>()).add(task)) {
            count++;
        }
    }

    /** {@code task} was imported or rejected: no longer to append. */
    void settle(int row, TaskKey task) {
        if (byRow.isEmpty()) {
            return;
        }
        NavigableSet<TaskKey> late = byRow.get(row);
        if (late != null && late.remove(task)) {
            count--;
            if (late.isEmpty()) {
                byRow.remove(row);
            }
        }
    }

    boolean contains(int row, long sendTime, long ordinal) {
        if (byRow.isEmpty()) {
            return false;
        }
        NavigableSet<TaskKey> late = byRow.get(row);
        return late != null && late.contains(new TaskKey(sendTime, ordinal));
    }

    /** The first one still to append in timeline {@code row}; null if none. */
    TaskKey first(int row) {
        NavigableSet<TaskKey> late = byRow.isEmpty() ? null : byRow.get(row);
        return late == null ? null : late.first();
    }

    /** Those still to append in timeline {@code row}, in order. */
    Set<TaskKey> at(int row) {
        NavigableSet<TaskKey> late = byRow.isEmpty() ? null : byRow.get(row);
        return late == null ? Set.of() : late;
    }

    int count() {
        return count;
    }
}
