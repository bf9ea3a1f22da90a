package io.zimmigrate.core.port;

import java.util.Optional;

/**
 * Where a migration keeps its plan between runs (next to its {@link Journal}), so resuming an unchanged input
 * does not read and validate the whole input again. Core decides what the bytes mean
 * ({@link io.zimmigrate.core.plan.KeptPlan}); a store keeps one plan: a header and the messages in order.
 *
 * <p>Replacing the kept plan must be atomic: after a crash at any point the store holds the old plan, the new one,
 * or none, never a mix or a truncated one. Losing the kept plan is always safe: the next run plans in full.
 */
public interface PlanStore {

    /** The kept plan, if a complete one is stored. */
    Optional<Stored> find();

    /** Starts replacing the kept plan; nothing changes until {@link Draft#commit()}. */
    Draft draft(byte[] header);

    /**
     * {@link #draft(byte[])} with a header of exactly {@code length} bytes that {@code header} writes to the store
     * as it makes it: a header of millions of timelines is a hundred MB, and one array of it on top of the plan ran
     * a 256 MiB heap out (issue 15, the users shape's delta run). By default it is made into an array first (a store
     * that keeps the plan in memory holds it anyway).
     */
    default Draft draft(long length, HeaderWriter header) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(Math.toIntExact(length));
        try {
            header.writeTo(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return draft(bytes.toByteArray());
    }

    /** Writes a kept plan's header to a stream (the store's); it must not close it. */
    @FunctionalInterface
    interface HeaderWriter {
        void writeTo(java.io.OutputStream out) throws java.io.IOException;
    }

    /** Forgets the kept plan (the next run plans in full). */
    void discard();

    /**
     * The store's second generation, for a plan that is kept before a journal names it (issue 15: a delta run keeps
     * the new export's plan here, then rewrites its journal, then {@link #promotePending() promotes} it, so a crash
     * anywhere leaves the plan the journal names). Its own {@code pending()} is empty. Empty by default: a store
     * without one keeps the delta's plan after the journal rewrite, as before.
     */
    default Optional<PlanStore> pending() {
        return Optional.empty();
    }

    /**
     * Makes the plan {@link #pending()} keeps the kept plan, atomically (a crash leaves one or the other), and the
     * pending generation empty; nothing when it keeps none.
     */
    default void promotePending() {}

    /**
     * Starts a plan that is the kept plan's parts plus one more, written to the draft, under a new header (issue 15,
     * {@code run --follow}: a growth appends its messages instead of rewriting every earlier one). {@code pending}
     * keeps it in the {@link #pending()} generation (the kept plan stays until {@link #promotePending()}).
     * {@link Draft#commit} makes the new part durable first, then replaces the small head that names the parts,
     * atomically: after a crash the store holds the old plan or the new one; a part no head names is dropped by
     * {@link #tidy()}. Empty when the store keeps no plan or cannot append (the caller keeps the plan whole).
     */
    default Optional<Draft> extend(long length, HeaderWriter header, boolean pending) {
        return Optional.empty();
    }

    /** Drops what no kept or pending plan names (parts of an extension that crashed before its head); at start. */
    default void tidy() {}

    /** A plan being written: messages in plan order, then {@link #commit}; closing without it abandons it. */
    interface Draft extends AutoCloseable {
        void write(byte[] record);

        /** Adds {@code footer} (what core learned while the messages went by), makes it all durable, then visible. */
        void commit(byte[] footer);

        @Override
        void close();
    }

    /** A complete kept plan. */
    interface Stored {
        byte[] header();

        /**
         * The header as a stream, for a reader that builds its tables as the bytes go by rather than hold them all
         * (a header of millions of timelines is a hundred MB, issue #13). A store that checks the header should fail
         * the stream (an {@link java.io.IOException}) when it does not match.
         */
        default java.io.InputStream headerStream() throws java.io.IOException {
            return new java.io.ByteArrayInputStream(header());
        }

        byte[] footer();

        /**
         * The messages, in the order they were written. A store that can should make
         * {@link ScratchSpace.Run#read(long)} seek rather than read through the messages it skips.
         */
        ScratchSpace.Run messages();

        /**
         * The plan's parts in the order they were kept, each sorted on its own with its own footer: one for a plan
         * kept whole, more when {@link #extend extensions} were appended to it. {@link #messages()} and
         * {@link #footer()} are then the first part's.
         */
        default java.util.List<Part> parts() {
            return java.util.List.of(new Part(messages(), footer()));
        }
    }

    /** One part of a kept plan: its messages and the footer core wrote after them. */
    record Part(ScratchSpace.Run messages, byte[] footer) {}
}
