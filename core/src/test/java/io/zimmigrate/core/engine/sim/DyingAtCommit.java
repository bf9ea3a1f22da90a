package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.port.PlanStore;
import java.util.Optional;

/**
 * A plan store that dies at its {@code k}-th commit, either generation: before it (the plan it was keeping is lost,
 * the one before stays) or just after (it is kept). A real store replaces its plan atomically: those are the outcomes.
 */
final class DyingAtCommit implements PlanStore {
    private final PlanStore durable;
    private final long[] commitsLeft;
    private final boolean after;

    DyingAtCommit(PlanStore durable, long k, boolean after) {
        this(durable, new long[] {k}, after);
    }

    private DyingAtCommit(PlanStore durable, long[] commitsLeft, boolean after) {
        this.durable = durable;
        this.commitsLeft = commitsLeft;
        this.after = after;
    }

    @Override
    public Optional<Stored> find() {
        return durable.find();
    }

    @Override
    public Draft draft(byte[] header) {
        return dying(durable.draft(header));
    }

    @Override
    public Draft draft(long length, HeaderWriter header) {
        return dying(durable.draft(length, header));
    }

    @Override
    public Optional<Draft> extend(long length, HeaderWriter header, boolean pending) {
        return durable.extend(length, header, pending).map(this::dying);
    }

    @Override
    public void discard() {
        durable.discard();
    }

    @Override
    public Optional<PlanStore> pending() {
        return durable.pending().map(p -> new DyingAtCommit(p, commitsLeft, after));
    }

    @Override
    public void promotePending() {
        durable.promotePending();
    }

    @Override
    public void tidy() {
        durable.tidy();
    }

    private Draft dying(Draft real) {
        return new Draft() {
            @Override
            public void write(byte[] record) {
                real.write(record);
            }

            @Override
            public void commit(byte[] footer) {
                boolean dies = --commitsLeft[0] == 0;
                if (dies && !after) {
                    throw new SimLoop.SimulatedCrash();
                }
                real.commit(footer);
                if (dies) {
                    throw new SimLoop.SimulatedCrash();
                }
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
