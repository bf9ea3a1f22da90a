package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.port.Journal;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the entries of one turn of the engine loop and makes them durable together (one disk flush for many
 * lines), before any request they announce leaves.
 */
final class JournalWriter {
    private final Journal journal;
    private final List<String> pending = new ArrayList<>();

    JournalWriter(Journal journal) {
        this.journal = journal;
    }

    void add(JournalEntry entry) {
        pending.add(entry.toLine());
    }

    void flush() {
        if (!pending.isEmpty()) {
            journal.append(List.copyOf(pending));
            pending.clear();
        }
    }
}
