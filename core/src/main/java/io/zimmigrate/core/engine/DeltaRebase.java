package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalCarryOver;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TimelineProgress;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.plan.KeptNumbering;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Carries a journal over from the export it was started with to a newer one (a delta run). A journal settles each
 * timeline up to a key of its own export's plan, and keys (send time, position in the input) move when an export
 * grows, so the settled messages are found by identity instead: the message's {@code Id} and conversation, and which
 * of its timelines the journal settles.
 *
 * <p>In the new export, per timeline: a message the journal settles is already done (reported as changed when its
 * content differs); a new one that sorts before anything already in ZIM is late ({@value #RULE_LATE}) and never
 * sent, since ZIM orders a timeline by arrival, or with {@link LatePolicy#APPEND} appended at the end of the
 * timeline ({@link LateMessages}); the rest is imported after what ZIM holds. The result is the
 * journal state to continue from: each timeline settled up to its last already-done or late message, in the new
 * plan's keys, and a send that may have landed still to reconcile. Four passes over plans kept on disk, 12 bytes
 * per settled message in memory, however many timelines it is in ({@link SettledMessages}), and 24 per timeline of
 * the new plan ({@link HeldTimelines}, columns by its timeline number, no key text); the earlier journal state,
 * keyed by the new plan, is held through the first pass only, its columns then becoming the holds.
 */
final class DeltaRebase {
    static final String RULE_LATE = "time.behind-timeline";
    static final String RULE_CHANGED = "record.changed-since-import";

    /**
     * What a delta run found, and the journal state it continues from, built only when asked: {@code plan --journal}
     * wants the counts alone, and a run builds it once the comparison's arrays are gone.
     */
    static final class Result {
        private final MigrationEvent.Delta delta;
        private final Map<String, TaskKey> pending;
        private final long notImported;
        private JournalState carried;
        private HeldTimelines held;
        private LateMessages late;
        private final Map<String, Message> completed;
        private final Map<String, Message> asExported;

        private Result(MigrationEvent.Delta delta, JournalState carried, HeldTimelines held,
                       Map<String, TaskKey> pending, long notImported, LateMessages late, Map<String, Message> completed,
                       Map<String, Message> asExported) {
            this.delta = delta;
            this.carried = carried;
            this.held = held;
            this.pending = pending;
            this.notImported = notImported;
            this.late = late;
            this.completed = completed;
            this.asExported = asExported;
        }

        MigrationEvent.Delta delta() {
            return delta;
        }

        /** Changed messages imported into one view only: what to send to the others, by ID ({@link ChangedMessages}). */
        Map<String, Message> completed() {
            return completed;
        }

        /** The same messages as the new export has them: the plan kept with {@link #completed} names them. */
        Map<String, Message> asExported() {
            return asExported;
        }

        /**
         * The journal state to continue from: what was carried over (the new input's line, provisioning, earlier
         * rejections), each held timeline settled up to its hold in the new plan's keys with its ZIM sequence, the
         * late and changed messages counted as rejected, late messages to append, and sends to reconcile; built from
         * {@link JournalCarryOver#of} and the held columns alone (the earlier state is gone by now). Built once:
         * it lets go of the held columns.
         */
        JournalState state() {
            JournalState state = carried;
            if (state == null) {
                throw new IllegalStateException("the rebased journal state is built once");
            }
            held.giveTo(state); // its columns, handed over: not a second set of them (issue 15)
            if (notImported > 0) {
                state.apply(new JournalEntry.RejectedEarlier(notImported));
            }
            late.markIn(state); // late messages to append (--late=append): not settled until sent
            // After the late ones: a send of a late message to append is unsettled although below the hold.
            pending.forEach((key, task) -> state.apply(new JournalEntry.Sending(key, task)));
            carried = null;
            held = null;
            late = null;
            return state;
        }
    }

    private DeltaRebase() {}

    /** A send of the earlier run left in flight: its timeline, the earlier export's message and key, ZIM's last seq. */
    record Pending(Timeline timeline, Message sent, TaskKey key, long lastMsgSeq) {}

    /**
     * Whether sends left in flight landed ({@link InFlightSends}), by timeline key: the sequence it landed at, 0 when
     * it did not, absent when nobody can tell (carried over); null when the run stops meanwhile.
     */
    interface InFlight {
        InFlight CARRY_OVER = pending -> Map.of(); // reads nothing: plan --journal's preview

        Map<String, Long> landed(List<Pending> pending);
    }

    /**
     * Compares {@code next} with the kept plan of the export the journal was started with. The journal is replayed
     * here, not handed in, so its state (about 75 bytes per timeline) can go after the first pass: what the later
     * passes and the rebased journal need of it is in the held columns by then (issue 15: 800,000 one-to-one
     * timelines ran a 256 MiB heap out in the third pass with it alive).
     */
    static Result rebase(Journal journal, PlanStore store, Plan previous, Plan next, long plannedAt,
                         MigrationListener listener, LatePolicy latePolicy, InFlight sentBefore) {
        return rebase(journal, store, previous, next, plannedAt, listener, latePolicy, sentBefore, null, Map.of());
    }

    /**
     * {@link #rebase(Journal, PlanStore, Plan, Plan, long, MigrationListener, LatePolicy, InFlight)}, the groups'
     * records of members carried over to {@code next}'s order of members ({@link GroupMembersCarry}) for a run whose
     * groups are owned by {@code groupOwner} (null: each group's first writer). {@code reportedBefore}: the export's
     * versions of the messages {@code previous} holds in their imported version, by ID (its completion mark, session
     * 15): a delta reported their edit and completed their other view; compared with those, a still-present edit is
     * not reported again, and a view that delta had not sent yet is completed all the same.
     */
    static Result rebase(Journal journal, PlanStore store, Plan previous, Plan next, long plannedAt,
                         MigrationListener listener, LatePolicy latePolicy, InFlight sentBefore, UserId groupOwner,
                         Map<String, byte[]> reportedBefore) {
        // Keyed by the new plan's numbers (JournalKeys): a timeline both exports have is a row of columns, its key
        // held once, in the plan (the users shape, 2 M timelines, held every key twice here: issue 15).
        TimelineTable numbers = next.timelineTable();
        // Its dense lines (format 4) number the earlier plan's timelines: read by their keys, from where it is kept.
        JournalState history = JournalState.replay(journal, next.numbering(),
                KeptNumbering.of(store, previous.fingerprint(), numbers));
        String journaled = history.fingerprint();
        SettledMessages settled = new SettledMessages(previous.validMessages());
        Map<String, Long> pendingContent = new HashMap<>(); // a send in flight: its content then, by timeline
        Map<String, Long> pendingIdentity = findSettled(history, previous, settled, pendingContent, sentBefore, listener);
        if (pendingIdentity == null) {
            return null; // stopped while reading sends in flight back: nothing compared or written
        }
        // Kept of the earlier state besides the held columns: provisioning and earlier rejections.
        JournalState carried = JournalCarryOver.of(history, next.fingerprint(), plannedAt, numbers);
        // Positions in the earlier plan's order of members would name other people in the new one's.
        GroupMembersCarry.carry(carried, previous.groups(), next.groups(), groupOwner);
        // Whatever the new export says, ZIM holds each timeline up to its last settled send time: the earlier
        // state's own columns become the holds (handed over, not copied), then that state goes.
        HeldTimelines settledTo = HeldTimelines.of(history, numbers);
        history = null;
        // Pass 2: their content.
        try (ScratchSpace.RunReader r = previous.messages().read()) {
            while (r.hasNext()) {
                byte[] record = r.next();
                Message m = MessageCodec.decode(record);
                byte[] reported = reportedBefore.isEmpty() ? null : reportedBefore.get(m.id()); // vs the export's
                settled.content(SettledMessages.identity(m),
                        MessageCodec.contentFingerprint(reported != null ? reported : record));
            }
        }
        // Pass 3 over the new plan: what is already done, changed, or was in flight.
        Map<String, TaskKey> pending = new HashMap<>();
        Map<String, TaskKey> inFlightChanged = new HashMap<>();
        Map<String, Message> changed = new LinkedHashMap<>();
        Map<String, Message> toComplete = new HashMap<>(); // changed, and a view of it never sent: seed 775
        long alreadyDone = 0;
        long changedCount = 0;
        long changedCalls = 0;
        try (ScratchSpace.RunReader r = next.messages().read()) {
            while (r.hasNext()) {
                byte[] record = r.next();
                Message m = MessageCodec.decode(record);
                TaskKey key = new TaskKey(m.sendTime(), m.ordinal());
                long content = MessageCodec.contentFingerprint(record);
                boolean changedHere = false;
                long identity = SettledMessages.identity(m);
                int at = settled.indexOf(identity);
                boolean unchanged = at < 0 || settled.seenUnchanged(at, content);
                for (Timeline t : m.timelines()) {
                    if (at >= 0 && settled.settles(at, SettledMessages.view(t))) {
                        alreadyDone++;
                        settledTo.extend(numbers.numberOf(t), key.sendTime(), key.ordinal());
                        changedHere |= !unchanged;
                        changedCalls += unchanged ? 0 : 1;
                    } else if (Objects.equals(pendingIdentity.get(t.key()), identity)
                            && pendingContent.get(t.key()) != content) {
                        // Still in flight (nobody could tell), edited: a read-back of the edit would not find the
                        // original and send it again. Settled as changed (reported), never sent (issue 15).
                        settledTo.extend(numbers.numberOf(t), key.sendTime(), key.ordinal());
                        inFlightChanged.put(t.key(), key);
                        changedHere = true;
                        changedCalls++;
                    } else if (Objects.equals(pendingIdentity.get(t.key()), identity)) {
                        pending.put(t.key(), key);
                    }
                }
                if (changedHere || at >= 0 && !reportedBefore.isEmpty() && reportedBefore.containsKey(m.id())) {
                    for (Timeline t : m.timelines()) { // changed, or its edit reported by the delta that marked it
                        if (!settled.settles(at, SettledMessages.view(t)) && !key.equals(inFlightChanged.get(t.key()))
                                && !key.equals(pending.get(t.key()))) {
                            toComplete.put(m.id(), m); // ZIM keeps the imported version: in every view
                        }
                    }
                }
                if (changedHere) {
                    changedCount++;
                    if (changed.size() < ChangedMessages.DETAILED) {
                        changed.put(m.id(), m);
                    } else {
                        listener.onRejection(ChangedMessages.rejection(m, "its content", toComplete.containsKey(m.id())));
                    }
                }
            }
        }
        // Pass 4: the new messages, late or to import.
        LateMessages late = new LateMessages(latePolicy, listener);
        long toImport = 0;
        try (ScratchSpace.RunReader r = next.messages().read()) {
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                TaskKey key = new TaskKey(m.sendTime(), m.ordinal());
                int at = settled.indexOf(SettledMessages.identity(m));
                for (Timeline t : m.timelines()) {
                    if (at >= 0 && settled.settles(at, SettledMessages.view(t)) || key.equals(inFlightChanged.get(t.key()))) {
                        continue;
                    }
                    TaskKey to = settledTo.upTo(numbers.numberOf(t));
                    TaskKey inFlight = pending.get(t.key()); // a send of the earlier run that may have landed
                    if (inFlight != null && key.compareTo(inFlight) < 0) {
                        late.behindSendInFlight(m, t, key, inFlight); // it is reconciled first (issue 15)
                        settledTo.extend(numbers.numberOf(t), key.sendTime(), key.ordinal()); // settled: rejected
                    } else if (to != null && key.compareTo(to) <= 0) {
                        if (!late.late(m, t, key, to)) {
                            pending.remove(t.key(), key);
                        }
                    } else {
                        toImport++;
                    }
                }
            }
        }
        Map<String, Message> completed = changed.isEmpty() && toComplete.isEmpty() ? Map.of()
                : ChangedMessages.report(previous, changed, toComplete, listener); // pass 5
        // Reported: the journal rewrite that follows settles them; a sink makes them durable first (issue 15).
        listener.onEvent(new MigrationEvent.Settling());
        MigrationEvent.Delta delta = new MigrationEvent.Delta(journaled, settled.settledCalls(),
                alreadyDone, toImport, late.rejected(), changedCount, settled.missingCalls(), late.appended());
        toComplete.keySet().retainAll(completed.keySet());
        return new Result(delta, carried, settledTo, pending, late.rejected() + changedCalls, late,
                completed, toComplete);
    }

    /** {@link Migration#previewDelta}: the comparison alone, nothing written; empty when not a delta. */
    static java.util.Optional<MigrationEvent.Delta> preview(Journal journal, io.zimmigrate.core.port.PlanStore store,
                                                            Plan next, LatePolicy late) {
        // The fingerprint alone: the comparison replays the journal itself, to let its state go half-way.
        String journaled = io.zimmigrate.core.journal.JournalSummary.head(journal).fingerprint();
        if (journaled == null || journaled.equals(next.fingerprint())) {
            return java.util.Optional.empty();
        }
        Map<String, byte[]> reportedBefore = new HashMap<>();
        Plan previous = PlanGenerations.findPrevious(store, journaled, reportedBefore).orElseThrow(() ->
                new MigrationException("the journal belongs to another input whose plan is not kept next to it: a "
                        + "run would refuse this input"));
        return java.util.Optional.of(rebase(journal, store, previous, next, 0, MigrationListener.NONE, late,
                InFlight.CARRY_OVER, null, reportedBefore).delta());
    }

    /**
     * Pass 1 over the previous plan: which of its messages the journal settles (into {@code settled}, sealed), and
     * which sends may be in flight, by timeline key: at most the requests in flight when a run stopped, a small map.
     * Those are read back first, against the message as sent: one that landed is settled (in {@code history} too),
     * one that did not is new in the new export. Null when the run stopped meanwhile (issue 15).
     */
    private static Map<String, Long> findSettled(JournalState history, Plan previous, SettledMessages settled,
                                                 Map<String, Long> pendingContent, InFlight inFlight,
                                                 MigrationListener listener) {
        Map<String, Long> pendingIdentity = new HashMap<>();
        List<Pending> sent = new ArrayList<>();
        Map<Long, Integer> viewsOfSent = new HashMap<>(); // added once the read-back says which views landed
        try (ScratchSpace.RunReader r = previous.messages().read()) {
            while (r.hasNext()) {
                byte[] record = r.next();
                Message m = MessageCodec.decode(record);
                TaskKey key = new TaskKey(m.sendTime(), m.ordinal());
                long identity = SettledMessages.identity(m);
                int views = 0;
                for (Timeline t : m.timelines()) {
                    TimelineProgress p = history.timeline(t.key());
                    if (p == null) {
                        continue;
                    }
                    if (p.isSettled(key)) {
                        views |= SettledMessages.view(t);
                    } else if (key.equals(p.pendingSend())) {
                        pendingIdentity.put(t.key(), identity);
                        pendingContent.put(t.key(), MessageCodec.contentFingerprint(record));
                        sent.add(new Pending(t, m, key, p.lastMsgSeq()));
                        viewsOfSent.put(identity, 0);
                    }
                }
                if (viewsOfSent.containsKey(identity)) {
                    viewsOfSent.merge(identity, views, (a, b) -> a | b);
                } else {
                    settled.add(identity, views);
                }
            }
        }
        Map<String, Long> landed = inFlight.landed(sent);
        for (Pending s : landed == null ? List.<Pending>of() : sent) {
            Long seq = landed.get(s.timeline().key());
            if (seq == null) {
                continue; // nobody can tell: still in flight, the run reads it back again
            }
            pendingIdentity.remove(s.timeline().key());
            pendingContent.remove(s.timeline().key());
            if (seq > 0) {
                history.apply(new JournalEntry.Imported(s.timeline().key(), s.key(), seq));
                viewsOfSent.merge(SettledMessages.identity(s.sent()), SettledMessages.view(s.timeline()), (a, b) -> a | b);
            }
            listener.onEvent(new MigrationEvent.Reconciled(s.timeline().key(), s.sent().id(), seq > 0));
        }
        viewsOfSent.forEach(settled::add);
        settled.seal();
        return landed == null ? null : pendingIdentity;
    }
}
