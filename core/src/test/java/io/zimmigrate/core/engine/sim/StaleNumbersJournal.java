package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.port.Journal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A journal whose replays sometimes give every line that names a plan's number (journal format 3) another number:
 * another timeline's, one past the plan, or its own. What a stale number stands for (a line written under a plan
 * that was rebased, grown or renumbered since): the key must be what a replay believes, so a run over this journal
 * must land every message exactly once and in order as over the real one (issue 15, P6).
 */
final class StaleNumbersJournal implements Journal {
    private final Journal inner;
    private final SplittableRandom random;
    private long staleLines;

    StaleNumbersJournal(Journal inner, SplittableRandom random) {
        this.inner = inner;
        this.random = random;
    }

    @Override
    public void replay(Consumer<String> sink) {
        if (!random.nextBoolean()) {
            inner.replay(sink);
            return;
        }
        int[] number = {-1};
        int spread = 1 + random.nextInt(40);
        inner.replay(line -> {
            JournalEntry entry = JournalEntry.parse(line, number);
            if (entry == null || number[0] < 0) {
                sink.accept(line);
                return;
            }
            int stale = random.nextInt(spread);
            staleLines += stale == number[0] ? 0 : 1;
            sink.accept(entry.toLine(stale));
        });
    }

    /** Lines replayed with a number other than the one written. */
    long staleLines() {
        return staleLines;
    }

    @Override
    public void append(List<String> lines) {
        inner.append(lines);
    }

    @Override
    public void rewrite(List<String> lines) {
        inner.rewrite(lines);
    }

    @Override
    public void close() {
        inner.close();
    }
}
