package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.PlanStore;
import java.util.Optional;

/**
 * A plan store that dies while a plan is being kept: after writing {@code crashAfterRecords} messages of it (the
 * draft is lost, the old plan stays), or just after the commit (the new plan is kept). A real store replaces its plan
 * atomically, so those are the only outcomes of a crash.
 */
final class CrashingPlanStore implements PlanStore {
    private final InMemoryPlanStore durable;
    private final long crashAfterRecords;
    private final boolean afterCommit;

    CrashingPlanStore(InMemoryPlanStore durable, long crashAfterRecords, boolean afterCommit) {
        this.durable = durable;
        this.crashAfterRecords = crashAfterRecords;
        this.afterCommit = afterCommit;
    }

    @Override
    public Optional<Stored> find() {
        return durable.find();
    }

    @Override
    public void discard() {
        durable.discard();
    }

    /** The pending generation dies the same way: a delta keeps its plan there before its journal rewrite. */
    @Override
    public Optional<PlanStore> pending() {
        return durable.pending().map(p -> new CrashingPlanStore((InMemoryPlanStore) p, crashAfterRecords, afterCommit));
    }

    @Override
    public void promotePending() {
        durable.promotePending();
    }

    @Override
    public Draft draft(byte[] header) {
        return crashing(durable.draft(header));
    }

    /**
     * A growth appended as one more part (issue 15) dies the same way: a part no head names yet is lost (the store
     * drops it at start), or the head naming it is kept.
     */
    @Override
    public Optional<Draft> extend(long length, HeaderWriter header, boolean pending) {
        return durable.extend(length, header, pending).map(this::crashing);
    }

    private Draft crashing(Draft real) {
        return new Draft() {
            private long written;

            @Override
            public void write(byte[] record) {
                if (!afterCommit && written++ == crashAfterRecords) {
                    throw new SimLoop.SimulatedCrash();
                }
                real.write(record);
            }

            @Override
            public void commit(byte[] footer) {
                if (!afterCommit) {
                    throw new SimLoop.SimulatedCrash(); // fewer messages than the crash point: die before commit
                }
                real.commit(footer);
                throw new SimLoop.SimulatedCrash();
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
