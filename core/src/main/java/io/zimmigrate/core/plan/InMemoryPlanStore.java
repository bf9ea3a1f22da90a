package io.zimmigrate.core.plan;

import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A plan store on the heap: for tests and simulations (it survives a simulated crash, not a real one). */
public final class InMemoryPlanStore implements PlanStore {
    private Kept kept;
    private final boolean generation; // the second generation of another store: none of its own
    private InMemoryPlanStore pending; // made when first asked (issue 15)

    public InMemoryPlanStore() {
        this(false);
    }

    private InMemoryPlanStore(boolean generation) {
        this.generation = generation;
    }

    private record Kept(byte[] header, List<byte[]> records, byte[] footer) {}

    @Override
    public synchronized Optional<Stored> find() {
        Kept k = kept;
        if (k == null) {
            return Optional.empty();
        }
        ScratchSpace.RunWriter run = new InMemoryScratchSpace().newRun();
        k.records().forEach(run::write);
        ScratchSpace.Run messages = run.finish();
        return Optional.of(new Stored() {
            @Override
            public byte[] header() {
                return k.header().clone();
            }

            @Override
            public byte[] footer() {
                return k.footer().clone();
            }

            @Override
            public ScratchSpace.Run messages() {
                return messages;
            }
        });
    }

    @Override
    public Draft draft(byte[] header) {
        byte[] h = header.clone();
        List<byte[]> records = new ArrayList<>();
        return new Draft() {
            @Override
            public void write(byte[] record) {
                records.add(record.clone());
            }

            @Override
            public void commit(byte[] footer) {
                synchronized (InMemoryPlanStore.this) {
                    kept = new Kept(h, List.copyOf(records), footer.clone());
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public synchronized void discard() {
        kept = null;
    }

    @Override
    public synchronized Optional<PlanStore> pending() {
        if (generation) {
            return Optional.empty();
        }
        if (pending == null) {
            pending = new InMemoryPlanStore(true);
        }
        return Optional.of(pending);
    }

    @Override
    public synchronized void promotePending() {
        if (pending != null) {
            synchronized (pending) {
                if (pending.kept != null) {
                    kept = pending.kept;
                    pending.kept = null;
                }
            }
        }
    }

    /** Whether a plan is kept. */
    public synchronized boolean holdsPlan() {
        return kept != null;
    }
}
