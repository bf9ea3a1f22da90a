package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.port.Journal;
import java.util.List;
import java.util.function.Consumer;

/** A journal that dies on its N-th append, either before the lines are durable or just after. */
final class CrashingJournal implements Journal {
    private final InMemoryJournal durable;
    private long appendsLeft;
    private final boolean afterWrite;

    CrashingJournal(InMemoryJournal durable, long crashOnAppend, boolean afterWrite) {
        this.durable = durable;
        this.appendsLeft = crashOnAppend;
        this.afterWrite = afterWrite;
    }

    @Override
    public void replay(Consumer<String> sink) {
        durable.replay(sink);
    }

    @Override
    public void append(List<String> lines) {
        if (--appendsLeft == 0) {
            if (afterWrite) {
                durable.append(lines);
            }
            throw new SimLoop.SimulatedCrash();
        }
        durable.append(lines);
    }

    @Override
    public void rewrite(List<String> lines) {
        durable.rewrite(lines);
    }

    @Override
    public void close() {}
}
