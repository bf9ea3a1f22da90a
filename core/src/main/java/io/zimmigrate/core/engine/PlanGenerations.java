package io.zimmigrate.core.engine;

import io.zimmigrate.core.plan.CompletionMark;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.PlanHasher;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.PlanStore;
import java.util.Optional;

/**
 * A full delta run's plan is kept before its journal names it (issue 15). The delta rewrites the journal for the new
 * export in one atomic step; its plan used to be kept after that, so a crash between the two left a journal of the
 * new export next to the old export's plan, and if the export changed again before the restart (it grew, as an export
 * of a live service does) the run was refused: the plan the journal settles was nowhere. Now:
 *
 * <ol>
 *   <li>the new plan is kept in the store's {@link PlanStore#pending() pending} generation (the kept plan, the one
 *       the journal names, stays);</li>
 *   <li>the journal is rewritten (it now names the pending plan);</li>
 *   <li>the pending plan is promoted ({@link PlanStore#promotePending()}, an atomic rename).</li>
 * </ol>
 *
 * A crash before 2 leaves the earlier journal and its plan: the delta starts over against any later export (a
 * pending plan left behind is dropped at the next start). A crash between 2 and 3 leaves a journal whose plan is the
 * pending one: the next run promotes it first ({@link #settle}), then runs as if the delta had finished: a resume of
 * the same export, a growth or another delta of a later one.
 */
final class PlanGenerations {
    private PlanGenerations() {}

    /**
     * Before anything else reads the store: promotes a pending plan the journal ({@code journaled}) already names,
     * and drops one it does not (a delta that crashed before its journal rewrite does it again); then drops what
     * neither names.
     */
    static void settle(PlanStore store, String journaled) {
        if (store == null) {
            return;
        }
        Optional<PlanStore> pending = journaled == null ? Optional.empty() : store.pending();
        Optional<String> next = pending.flatMap(KeptPlan::keptFingerprint);
        if (next.isPresent()) {
            if (next.get().equals(journaled) && !KeptPlan.keptFingerprint(store).filter(journaled::equals).isPresent()) {
                store.promotePending();
            } else {
                pending.get().discard();
            }
        }
        store.tidy(); // the parts of a growth that crashed before its head named them (PlanStore#extend)
    }

    /**
     * Keeps {@code plan} in the pending generation before the journal is rewritten for it; false when the store has
     * none (the caller keeps it after the rewrite, as before: the crash window stays open with such a store).
     */
    static boolean keepPending(PlanStore store, Optional<String> key, Plan plan, MessageSource source,
                               PlanHasher state, long[] rejectedIds) {
        Optional<PlanStore> pending = key.isEmpty() ? Optional.empty() : store.pending();
        if (pending.isEmpty()) {
            return false;
        }
        GrowthImport.keep(pending.get(), key.get(), plan, source, state, rejectedIds);
        return true;
    }

    /** Once the journal names it: the pending plan becomes the kept one. Returns {@code keptFirst}. */
    static boolean promote(PlanStore store, boolean keptFirst) {
        if (keptFirst) {
            store.promotePending();
        }
        return keptFirst;
    }

    /**
     * The kept plan whose fingerprint is {@code fingerprint}, in either generation ({@code plan --journal}); the
     * export's versions its completion mark names go to {@code reportedBefore} ({@link CompletionMark}).
     */
    static Optional<Plan> findPrevious(PlanStore store, String fingerprint,
                                       java.util.Map<String, byte[]> reportedBefore) {
        Optional<Plan> kept = KeptPlan.findPrevious(store, fingerprint, reportedBefore);
        return kept.isPresent() ? kept
                : store.pending().flatMap(p -> KeptPlan.findPrevious(p, fingerprint, reportedBefore));
    }

    /**
     * The kept plan of the input the journal was written for ({@code journaled}), which a delta compares with
     * {@code plan}'s (issue 15); refused when the store does not keep it. The export's versions its completion mark
     * names go to {@code reportedBefore} ({@link CompletionMark}).
     */
    static Plan previous(PlanStore store, boolean keepsPrevious, String journaled, Plan plan,
                         java.util.Map<String, byte[]> reportedBefore) {
        Optional<Plan> previous = keepsPrevious ? KeptPlan.findPrevious(store, journaled, reportedBefore)
                : Optional.empty();
        return previous.orElseThrow(() -> new MigrationException("this journal belongs to a different input (its "
                + "fingerprint is " + journaled + ", this input's is " + plan.fingerprint() + ") and the plan of "
                + "that input is not kept next to it, so what it settled cannot be matched against this input. "
                + "Restore the original input, or start over with a new journal"));
    }

    /**
     * Whether a delta's run sent every view it completed with the imported version ({@code completed}, seed 775):
     * then its plan is kept again as planned, with the export's version of those messages, so a later delta compares
     * its export with this one's, as for any changed message, and reports the edit once (session 12). A run
     * stopped, or with calls not attempted, keeps the completing plan: a resume must still send the imported version.
     */
    static boolean completedAll(java.util.Map<String, io.zimmigrate.core.model.Message> completed,
                                Optional<String> planKey, MigrationReport report) {
        return !completed.isEmpty() && planKey.isPresent() && sentAll(report);
    }

    /** Whether a run sent every view it was to send: not stopped, no call left unattempted. */
    static boolean sentAll(MigrationReport report) {
        return !report.stoppedEarly() && report.notAttempted() == 0;
    }

    /**
     * {@code store}, keeping a plan with the messages of {@code completed} (a delta's changed messages imported into
     * one view only, by ID) in their imported version: a run that resumes the delta after a crash, its earlier plan
     * gone, still sends their other views what ZIM holds in the first (issue 15, seed 775). {@code store} itself when
     * there are none. The plan is marked with {@code asExported}, the export's versions of the same messages
     * ({@link CompletionMark}): the run that sends every view, the delta's or a resume's, keeps it again as planned.
     */
    static PlanStore completing(PlanStore store, java.util.Map<String, io.zimmigrate.core.model.Message> completed,
                                java.util.Map<String, io.zimmigrate.core.model.Message> asExported) {
        if (store == null || completed.isEmpty()) {
            return store;
        }
        return marked(store, completed, CompletionMark.of(asExported.values()));
    }

    /**
     * {@code store}, keeping the mark of the plan it keeps ({@code mark}, {@link CompletionMark#markOf}) with the
     * plan a growth keeps of it: its earlier messages stay in their imported version until its run sent every view
     * (session 15). {@code store} itself when there is none.
     */
    static PlanStore carrying(PlanStore store, byte[] mark) {
        return mark.length == 0 ? store : marked(store, java.util.Map.of(), mark);
    }

    /** {@code store}, writing {@code completed} in place of their messages and {@code mark} at each header's end. */
    private static PlanStore marked(PlanStore store, java.util.Map<String, io.zimmigrate.core.model.Message> completed,
                                    byte[] mark) { // at the header's end: kept with the plan, atomically
        return new PlanStore() {
            @Override
            public Optional<Stored> find() {
                return store.find();
            }

            @Override
            public Draft draft(byte[] header) {
                byte[] marked = java.util.Arrays.copyOf(header, header.length + mark.length);
                System.arraycopy(mark, 0, marked, header.length, mark.length);
                return completingDraft(store.draft(marked));
            }

            @Override
            public Draft draft(long length, HeaderWriter header) {
                return completingDraft(store.draft(length + mark.length, marked(header)));
            }

            private HeaderWriter marked(HeaderWriter header) {
                return out -> {
                    header.writeTo(out);
                    out.write(mark);
                };
            }

            private Draft completingDraft(Draft draft) {
                return new Draft() {
                    @Override
                    public void write(byte[] record) {
                        io.zimmigrate.core.model.Message m = completed.isEmpty() ? null
                                : completed.get(io.zimmigrate.core.plan.MessageCodec.id(record));
                        draft.write(m == null ? record : io.zimmigrate.core.plan.MessageCodec.encode(m));
                    }

                    @Override
                    public void commit(byte[] footer) {
                        draft.commit(footer);
                    }

                    @Override
                    public void close() {
                        draft.close();
                    }
                };
            }

            @Override
            public void discard() {
                store.discard();
            }

            @Override
            public Optional<PlanStore> pending() {
                return store.pending().map(p -> PlanGenerations.marked(p, completed, mark));
            }

            @Override
            public void promotePending() {
                store.promotePending();
            }

            @Override
            public Optional<Draft> extend(long length, HeaderWriter header, boolean pending) {
                return store.extend(length + mark.length, marked(header), pending).map(this::completingDraft);
            }

            @Override
            public void tidy() {
                store.tidy();
            }
        };
    }
}
