package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalNumbering;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TimelineProgress;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.plan.GrowthMemory;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.PlanGrowth;
import io.zimmigrate.core.plan.PlanHasher;
import io.zimmigrate.core.port.GrowingSource;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A delta run of an input that only grew since the plan kept with its journal (issue 15, {@code run --follow}):
 * the appended records are planned alone and merged with the kept plan ({@link PlanGrowth}); no key of the earlier
 * records moves, so what the journal settles stays as it is, and only the appended calls are compared with it: one
 * that sorts at or before what its timeline already holds in ZIM is late ({@link LateMessages}, as in any delta).
 * The journal is rewritten once, atomically, with the grown input's fingerprint, the late calls counted or marked to
 * append, then the merged plan is kept. A crash before the rewrite leaves the earlier journal and plan (the growth
 * starts over); after it and before the plan is kept, the journal's fingerprint is that of the kept plan's input
 * grown by some appended records: the next growth finds which (the fingerprint a plan of them has) and compares
 * only the records after them, and a plan of exactly that input matches it (a plain resume).
 */
final class GrowthImport {
    private GrowthImport() {}

    /**
     * The merged plan, the journal already rewritten for it; empty when the store keeps no plan that can grow for
     * the journal's input ({@code journaled}) or the input did not only grow since (then a full plan and delta).
     */
    static Optional<KeptPlan.Lookup> grow(Journal journal, PlanStore store, String journaled, String planKey,
                               GrowingSource source,
                               MessageRules rules, ScratchSpace scratch, long nowMillis, LatePolicy latePolicy,
                               MigrationListener listener, GrowthMemory memory, DeltaRebase.InFlight sentBefore,
                               UserId groupOwner) {
        Optional<PlanGrowth.Growable> kept = PlanGrowth.find(store, planKey);
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        Optional<MessageSource> appended = source.appendedSince(kept.get().extent());
        Optional<String> extent = source.extent();
        if (appended.isEmpty() || extent.isEmpty()) {
            return Optional.empty();
        }
        // Held until the journal is known to be this input's: otherwise the full plan that follows reports them.
        List<Rejection> rejected = new ArrayList<>();
        PlanGrowth.Grown grown = PlanGrowth.grow(kept.get(), appended.get(), rules, scratch, nowMillis,
                rejected::add, journaled, memory);
        PlanStore keeping = PlanGenerations.carrying(store, kept.get().completionMark()); // its views not all sent
        kept = Optional.empty();
        if (!grown.journalFound()) {
            return Optional.empty(); // the journal is of another input: a full plan, and a delta if its plan is kept
        }
        rejected.forEach(listener::onRejection);
        rejected = null;
        Plan plan = grown.plan();
        // Compacted under the kept plan, whose numbers the grown one keeps: its dense lines read by number.
        JournalState state = JournalState.replay(journal, plan.numbering(),
                new JournalNumbering(journaled, plan.timelineTable()));
        if (!readBack(grown, state, sentBefore, listener)) {
            return Optional.of(new KeptPlan.Lookup(plan, "grown")); // stopped reading sends back: nothing written
        }
        LateMessages late = new LateMessages(latePolicy, listener);
        long toImport = 0;
        try (ScratchSpace.RunReader r = grown.appended().read()) {
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                if (m.ordinal() < grown.journaledRecords()) {
                    continue; // compared by the growth that rewrote the journal already (its plan was not kept)
                }
                TaskKey key = new TaskKey(m.sendTime(), m.ordinal());
                for (Timeline t : m.timelines()) {
                    TimelineProgress p = state.timeline(t.key());
                    TaskKey held = p == null ? null : p.lastSettled();
                    TaskKey inFlight = p == null ? null : p.pendingSend(); // nobody could tell: reconciled first
                    if (inFlight != null && key.compareTo(inFlight) < 0) {
                        late.behindSendInFlight(m, t, key, inFlight); // counted below with the late ones
                        state.apply(new JournalEntry.Rejected(t.key(), key, 0, "compacted"));
                    } else if (held != null && key.compareTo(held) <= 0) {
                        late.late(m, t, key, held);
                    } else {
                        toImport++;
                    }
                }
            }
        }
        if (late.rejected() > 0) {
            state.apply(new JournalEntry.RejectedEarlier(late.rejected()));
        }
        late.markIn(state);
        // A group of 90 that passes 100, or another owner (an older appended line): the earlier positions of its
        // members name other people in the grown plan's order (GroupMembersCarry).
        GroupMembersCarry.carry(state, grown.earlierGroups(), plan.groups(), groupOwner);
        state.apply(new JournalEntry.Input(plan.fingerprint(), nowMillis));
        // Kept before the journal names it when the store has a pending generation (PlanGenerations): a crash after
        // the rewrite then finds it whatever the input is by then, an edited one too (issue 15).
        // Kept as the kept plan plus the appended messages (one more part: the earlier ones are not written again),
        // or whole when its parts are due a compaction or the store cannot append (decisions.md, issue 15).
        Optional<PlanStore> pending = keeping.pending();
        boolean whole = grown.compactionDue();
        if (pending.isPresent() && (whole || !PlanGrowth.extend(keeping, planKey, grown, extent.get(), true))) {
            PlanGrowth.keep(pending.get(), planKey, plan, extent.get(), grown.state(), grown.rejectedIds());
        }
        listener.onEvent(new MigrationEvent.Settling()); // what it reported is settled by the rewrite (issue 15)
        journal.rewrite(state.compactForm()); // atomic: the earlier journal, or this one
        listener.onEvent(new MigrationEvent.Grown(journaled, grown.recordsBefore(), grown.appendedRecords(), toImport,
                late.rejected(), late.appended()));
        if (pending.isPresent()) {
            store.promotePending();
        } else if (whole || !PlanGrowth.extend(keeping, planKey, grown, extent.get(), false)) {
            PlanGrowth.keep(keeping, planKey, plan, extent.get(), grown.state(), grown.rejectedIds());
        }
        PlanGrowth.remember(memory, extent.get(), grown); // its IDs: the next growth of this follow reads none
        // Read back as kept: its skip index lets the run start near the first unsettled call; the merged plan's
        // earlier part was the file just replaced.
        KeptPlan.Lookup indexed = KeptPlan.find(store, planKey, plan.fingerprint());
        if (!indexed.found()) {
            throw new MigrationException("the plan of the grown input could not be read back after it was kept ("
                    + indexed.reason() + "); run the same command again: the journal resumes it");
        }
        return Optional.of(indexed); // completing when a completion mark was carried on (CompletionMark)
    }

    /**
     * The sends left in flight by a crash that an appended line sorts before, read back before the lines are placed,
     * as a full delta reads its own (issue 15), against the message as sent (the earlier lines did not change):
     * landed, it is settled at its sequence, and the line is late like any other ({@code --late}); not landed, it is
     * no longer in flight, and the line goes before it, in order. Nobody can tell (a media body neither form
     * explains): it stays in flight and the line is rejected as behind it. The other sends in flight are reconciled
     * by the run, as a resume does. Nothing is journaled here: the answers go into the growth's one rewrite, and a
     * crash before it leaves the earlier journal, read back again next time. False when the run stopped meanwhile.
     */
    private static boolean readBack(PlanGrowth.Grown grown, JournalState state, DeltaRebase.InFlight inFlight,
                                    MigrationListener listener) {
        Map<String, TaskKey> behind = new HashMap<>(); // a timeline's send in flight that an appended line is before
        TaskKey from = null;
        TaskKey to = null;
        try (ScratchSpace.RunReader r = grown.appended().read()) {
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                TaskKey key = new TaskKey(m.sendTime(), m.ordinal());
                for (Timeline t : m.timelines()) {
                    TimelineProgress p = state.timeline(t.key());
                    TaskKey sent = p == null || m.ordinal() < grown.journaledRecords() ? null : p.pendingSend();
                    if (sent != null && key.compareTo(sent) < 0 && behind.put(t.key(), sent) == null) {
                        from = from == null || sent.compareTo(from) < 0 ? sent : from;
                        to = to == null || sent.compareTo(to) > 0 ? sent : to;
                    }
                }
            }
        }
        if (behind.isEmpty()) {
            return true;
        }
        List<DeltaRebase.Pending> pending = new ArrayList<>();
        try (ScratchSpace.RunReader r = grown.plan().messages().readFrom(from).reader()) {
            while (r.hasNext() && pending.size() < behind.size()) {
                Message m = MessageCodec.decode(r.next());
                TaskKey key = new TaskKey(m.sendTime(), m.ordinal());
                if (key.compareTo(to) > 0) {
                    break;
                }
                for (Timeline t : m.timelines()) {
                    if (key.equals(behind.get(t.key()))) {
                        pending.add(new DeltaRebase.Pending(t, m, key, state.timeline(t.key()).lastMsgSeq()));
                    }
                }
            }
        }
        Map<String, Long> landed = inFlight.landed(pending);
        if (landed == null) {
            return false;
        }
        for (DeltaRebase.Pending s : pending) {
            Long seq = landed.get(s.timeline().key());
            if (seq == null) {
                continue; // nobody can tell: still in flight
            } else if (seq > 0) {
                state.apply(new JournalEntry.Imported(s.timeline().key(), s.key(), seq));
            } else {
                state.timeline(s.timeline().key()).noLongerInFlight();
            }
            listener.onEvent(new MigrationEvent.Reconciled(s.timeline().key(), s.sent().id(), seq > 0));
        }
        return true;
    }

    /** Keeps {@code plan}, saying what input it was made from when the source can tell (so it can grow later). */
    static void keep(PlanStore store, String key, Plan plan, MessageSource source, PlanHasher state,
                     long[] rejectedIds) {
        Optional<String> extent = source instanceof GrowingSource g && state != null ? g.extent() : Optional.empty();
        if (extent.isPresent()) {
            PlanGrowth.keep(store, key, plan, extent.get(), state, rejectedIds);
        } else {
            KeptPlan.keep(store, key, plan);
        }
    }
}
