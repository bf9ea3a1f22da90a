package io.zimmigrate.core.plan;

import static io.zimmigrate.core.plan.PlanIo.writeString;

import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@link KeptPlan}: the header (everything of the plan but its messages), then the messages in plan order
 * and their {@link SkipIndex} as the footer; whole ({@link #keep}) or, for a growth, only the messages the kept plan
 * lacks as one more part ({@link #extend}, issue 15).
 */
final class KeptPlanWriter {
    private KeptPlanWriter() {}

    /** Replaces what {@code store} keeps by {@code plan} under {@code key}, {@code trailer} after its header. */
    static void keep(PlanStore store, String key, Plan plan, byte[] trailer) {
        try (PlanStore.Draft draft = store.draft(headerLength(key, plan, trailer), headerOf(key, plan, trailer))) {
            writeMessages(draft, plan.messages());
        }
    }

    /**
     * Keeps {@code plan} as the kept plan's parts plus {@code appended} (its messages the kept plan lacks), not
     * rewriting the earlier ones ({@link PlanStore#extend}); false when the store cannot (keep it whole then).
     */
    static boolean extend(PlanStore store, String key, Plan plan, byte[] trailer, TimeOrderSorter.Sorted appended,
                          boolean pending) {
        Optional<PlanStore.Draft> extension = store.extend(headerLength(key, plan, trailer),
                headerOf(key, plan, trailer), pending);
        if (extension.isEmpty()) {
            return false;
        }
        try (PlanStore.Draft draft = extension.get()) {
            writeMessages(draft, appended);
        }
        return true;
    }

    private static PlanStore.HeaderWriter headerOf(String key, Plan plan, byte[] trailer) {
        return out -> { // streamed: issue 15
            DataOutputStream data = new DataOutputStream(out);
            writeHeader(data, key, plan, trailer);
            data.flush();
        };
    }

    /** The messages in plan order, then their {@link SkipIndex} as the footer, and commits. */
    private static void writeMessages(PlanStore.Draft draft, TimeOrderSorter.Sorted sorted) {
        SkipIndex.Builder index = new SkipIndex.Builder();
        try (ScratchSpace.RunReader messages = sorted.read()) {
            while (messages.hasNext()) {
                byte[] record = messages.next();
                index.add(record);
                draft.write(record);
            }
        }
        draft.commit(index.encode());
    }

    /**
     * The header, in an array of exactly its size: written once to count its bytes, then into that array. With
     * millions of timelines the header is a hundred megabytes, and a growing buffer held up to three times that
     * while it doubled and was copied out (issue #13).
     */
    static byte[] header(String key, Plan plan, byte[] trailer) {
        try {
            PlanIo.ExactBytes bytes = new PlanIo.ExactBytes(headerLength(key, plan, trailer));
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeHeader(out, key, plan, trailer);
            }
            return bytes.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header's length in bytes, found by writing it to nowhere. */
    static int headerLength(String key, Plan plan, byte[] trailer) {
        try {
            DataOutputStream counter = new DataOutputStream(OutputStream.nullOutputStream());
            writeHeader(counter, key, plan, trailer);
            int size = counter.size();
            if (size == Integer.MAX_VALUE) { // DataOutputStream stops counting there
                throw new IllegalStateException("the plan's header is over 2 GiB; it cannot be kept");
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeHeader(DataOutputStream out, String key, Plan plan, byte[] trailer) throws IOException {
        out.writeInt(KeptPlan.MAGIC);
        out.writeInt(KeptPlan.FORMAT);
        writeString(out, key);
        writeString(out, plan.fingerprint());
        out.writeLong(plan.messages().count());
        out.writeLong(plan.recordsRead());
        out.writeLong(plan.rejectedRecords());
        out.writeLong(plan.warnings());
        out.writeInt(plan.rejectionsByRule().size());
        for (Map.Entry<String, Long> e : plan.rejectionsByRule().entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
        KeptTables.write(out, plan); // timelines, the four counts, users: as arrays (format 2)
        out.writeInt(plan.groups().size());
        for (Plan.GroupPlan g : plan.groups().values()) {
            writeString(out, g.groupId().value());
            writeString(out, g.owner().value());
            out.writeLong(g.ownerSendTime());
            out.writeInt(g.members().size());
            for (UserId u : g.members()) {
                writeString(out, u.value());
            }
            out.writeLong(g.oldestSendTime());
        }
        out.writeBoolean(plan.inputWasOrdered());
        if (trailer != null) {
            out.write(trailer);
        }
    }

}
