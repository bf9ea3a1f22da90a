package io.zimmigrate.core.plan;

import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A plan store on the heap: for tests and simulations (it survives a simulated crash, not a real one). */
public final class InMemoryPlanStore implements PlanStore {
    private Kept kept;
    private final InMemoryPlanStore parent; // the store this is the second generation of (none of its own), or null
    private InMemoryPlanStore pending; // made when first asked (issue 15)

    public InMemoryPlanStore() {
        this(null);
    }

    private InMemoryPlanStore(InMemoryPlanStore parent) {
        this.parent = parent;
    }

    private record Part(List<byte[]> records, byte[] footer) {}

    private record Kept(byte[] header, List<Part> parts) {}

    @Override
    public synchronized Optional<Stored> find() {
        Kept k = kept;
        if (k == null) {
            return Optional.empty();
        }
        List<PlanStore.Part> parts = new ArrayList<>();
        for (Part p : k.parts()) {
            ScratchSpace.RunWriter run = new InMemoryScratchSpace().newRun();
            p.records().forEach(run::write);
            parts.add(new PlanStore.Part(run.finish(), p.footer().clone()));
        }
        return Optional.of(new Stored() {
            @Override
            public byte[] header() {
                return k.header().clone();
            }

            @Override
            public byte[] footer() {
                return parts.get(0).footer().clone();
            }

            @Override
            public ScratchSpace.Run messages() {
                return parts.get(0).messages();
            }

            @Override
            public List<PlanStore.Part> parts() {
                return parts;
            }
        });
    }

    @Override
    public Draft draft(byte[] header) {
        return draft(header, List.of(), this);
    }

    /** A draft of one part that is kept after {@code earlier}, under {@code header}, in {@code into}. */
    private static Draft draft(byte[] header, List<Part> earlier, InMemoryPlanStore into) {
        byte[] h = header.clone();
        List<byte[]> records = new ArrayList<>();
        return new Draft() {
            @Override
            public void write(byte[] record) {
                records.add(record.clone());
            }

            @Override
            public void commit(byte[] footer) {
                List<Part> parts = new ArrayList<>(earlier);
                parts.add(new Part(List.copyOf(records), footer.clone()));
                synchronized (into) {
                    into.kept = new Kept(h, List.copyOf(parts));
                }
            }

            @Override
            public void close() {}
        };
    }

    /** Appends a part to the plan this store (or, for its pending generation, the store it belongs to) keeps. */
    @Override
    public Optional<Draft> extend(long length, HeaderWriter header, boolean toPending) {
        InMemoryPlanStore base = parent == null ? this : parent;
        Kept k;
        synchronized (base) {
            k = base.kept;
        }
        if (k == null) {
            return Optional.empty();
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(Math.toIntExact(length));
        try {
            header.writeTo(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        InMemoryPlanStore into = toPending ? (InMemoryPlanStore) base.pending().orElseThrow() : base;
        return Optional.of(draft(bytes.toByteArray(), k.parts(), into));
    }

    @Override
    public synchronized void discard() {
        kept = null;
    }

    @Override
    public synchronized Optional<PlanStore> pending() {
        if (parent != null) {
            return Optional.empty();
        }
        if (pending == null) {
            pending = new InMemoryPlanStore(this);
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

    /** How many parts the kept plan is made of (0: none kept). */
    public synchronized int parts() {
        return kept == null ? 0 : kept.parts().size();
    }
}
