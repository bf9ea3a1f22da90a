package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.port.Journal;
import java.util.List;
import java.util.function.Consumer;

/**
 * A journal that dies on its N-th write (an append, or a rewrite when the engine compacts the log), either before
 * the write is durable or just after. A rewrite is atomic in every real journal, so those are its only outcomes.
 */
final class CrashingJournal implements Journal {
    private final InMemoryJournal durable;
    private long writesLeft;
    private final boolean afterWrite;
    private int rewrites;

    CrashingJournal(InMemoryJournal durable, long crashOnWrite, boolean afterWrite) {
        this.durable = durable;
        this.writesLeft = crashOnWrite;
        this.afterWrite = afterWrite;
    }

    @Override
    public void replay(Consumer<String> sink) {
        durable.replay(sink);
    }

    @Override
    public void append(List<String> lines) {
        if (--writesLeft == 0) {
            if (afterWrite) {
                durable.append(lines);
            }
            throw new SimLoop.SimulatedCrash();
        }
        durable.append(lines);
    }

    @Override
    public void rewrite(List<String> lines) {
        rewrites++;
        if (--writesLeft == 0) {
            if (afterWrite) {
                durable.rewrite(lines);
            }
            throw new SimLoop.SimulatedCrash();
        }
        durable.rewrite(lines);
    }

    int rewrites() {
        return rewrites;
    }

    @Override
    public void close() {}
}
