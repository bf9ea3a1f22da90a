package io.zimmigrate.core.journal;

import io.zimmigrate.core.port.Journal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A journal on the heap: survives nothing, for tests, rehearsals and embedders who keep progress elsewhere. */
public final class InMemoryJournal implements Journal {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void replay(Consumer<String> sink) {
        new ArrayList<>(lines).forEach(sink);
    }

    @Override
    public synchronized void append(List<String> newLines) {
        lines.addAll(newLines);
    }

    @Override
    public synchronized void rewrite(List<String> newLines) {
        lines.clear();
        lines.addAll(newLines);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {}
}
