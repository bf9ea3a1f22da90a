package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalCompaction;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.port.Journal;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the entries of one turn of the engine loop and makes them durable together (one disk flush for many
 * lines), before any request they announce leaves.
 *
 * <p>Every entry is applied once, here, to the journal's one {@link JournalState} (the object the engine's lanes
 * read their progress from), and is then written. It also keeps the log short, so a resume replays thousands of
 * lines rather than millions: when {@link JournalCompaction} says so it rewrites the log as the
 * state's compact form. That happens right after a flush, when every entry is durable and before the requests they
 * announce leave; the journal's rewrite is atomic, and the old and the new log replay to the same state, so a crash
 * at any point of it loses nothing.
 */
final class JournalWriter {
    private final Journal journal;
    private final JournalState live;
    private final long slackLines;
    private final List<String> pending = new ArrayList<>();
    private long linesInLog;
    private long compactions;

    JournalWriter(Journal journal, JournalState state, long slackLines) {
        this.journal = journal;
        this.live = state;
        this.slackLines = slackLines;
        this.linesInLog = state.lineCount();
    }

    void add(JournalEntry entry) {
        // Applied first: the state finds the plan's number of the entry's timeline, which its line carries (format 3).
        pending.add(entry.toLine(live.apply(entry, -1)));
    }

    void flush() {
        if (!pending.isEmpty()) {
            journal.append(List.copyOf(pending));
            linesInLog += pending.size();
            pending.clear();
        }
        compactIfDue();
    }

    /**
     * Replaces the whole log by the compact form of the state in {@code recovered}'s slot in one atomic rewrite, then
     * fills the live state (still fresh) from the log: a journal rebuilt from ZIM is either all there or not at all,
     * so a crash midway never leaves an input line with only some of the timelines settled (which a later run would
     * trust, importing the others again). The slot is emptied first, so the recovered state can be collected before
     * the live one fills: two states of millions of rows at once would not fit (issue #13).
     */
    void rebuild(JournalState[] recovered) {
        if (!pending.isEmpty() || live.fingerprint() != null) {
            throw new IllegalStateException("rebuild a fresh journal before anything else is added to it");
        }
        JournalState state = recovered[0];
        recovered[0] = null;
        List<String> lines = state.compactForm();
        state = null;
        journal.rewrite(lines);
        linesInLog = lines.size();
        lines = null;
        journal.replay(live::applyLine);
    }

    /** Rewrites the log as its compact form when it has grown long enough to be worth it. */
    void compactIfDue() {
        if (pending.isEmpty() && JournalCompaction.due(linesInLog, live, slackLines)) {
            // Streamed: the journal writes each line as the view makes it (2 M timelines: ~300 MB as strings at once).
            List<String> compact = live.compactForm();
            journal.rewrite(compact);
            linesInLog = compact.size();
            compactions++;
        }
    }

    /** How many times this writer compacted the log. */
    long compactions() {
        return compactions;
    }
}
