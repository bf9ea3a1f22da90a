package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.port.ReadMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The start of a run whose journal holds nothing yet, before its first import: a fresh journal does not mean a
 * fresh ZIM (another directory, a deleted or damaged journal). Either the {@link #guard} reads back the newest
 * messages of the plan's largest timelines and refuses when ZIM already holds any message of this input, or
 * {@link #recover} rebuilds the journal from ZIM: for every timeline it reads back the newest messages, finds the
 * last message of this input ZIM holds, and settles the timeline up to it, so the run continues after it.
 */
final class FreshStart {
    /** The guard reads this many timelines (the largest), or all when the plan has fewer. */
    static final int GUARD_TIMELINES = 20;
    static final int GUARD_PAGE = 20;
    /** Recovery reads a timeline's newest messages in pages this large (ZIM's most per query). */
    static final int RECOVER_PAGE = 100;
    /** Pages recovery reads of one timeline at most before it gives up telling where the timeline stands. */
    static final int RECOVER_MAX_PAGES = 5;

    private final ReadBacks reads;
    private final MigrationListener listener;
    private final int lookahead;
    private final FreshJournal how;

    FreshStart(Migration.Settings settings, EngineLoop loop, ZimGateway gateway, MigrationRun run,
               MigrationListener listener) {
        this.reads = new ReadBacks(settings, loop, gateway, run, listener);
        this.listener = listener;
        this.lookahead = settings.lookahead();
        this.how = settings.freshJournal();
    }

    /**
     * Starts a fresh journal: its input line, after the guard's check or with each timeline's tail recovered from ZIM.
     * Nothing is written before the start is decided: a refused or interrupted start leaves the journal fresh, so the
     * next run checks (or recovers) again. False: stopped while reading ZIM back.
     */
    boolean begin(JournalWriter writer, Plan plan, long plannedAt) throws InterruptedException {
        JournalEntry.Input input = new JournalEntry.Input(plan.fingerprint(), plannedAt);
        if (how == FreshJournal.RECOVER_FROM_ZIM) {
            JournalState[] recovered = {new JournalState(plan.timelineTable())}; // a slot: rebuild lets go of it
            recovered[0].apply(input);
            if (!recover(plan, recovered[0])) {
                return false;
            }
            writer.rebuild(recovered);
            return true;
        }
        if (how == FreshJournal.CHECK_ZIM && !guard(plan)) {
            return false;
        }
        writer.add(input);
        writer.flush();
        return true;
    }

    /**
     * Refuses (a {@link MigrationException} saying how many were found and what to do) when ZIM already holds a
     * message of this input in one of the sampled timelines; false when the run stops meanwhile (asked to, or a
     * read refused or answered fatally: the run's stop reason says which).
     */
    boolean guard(Plan plan) throws InterruptedException {
        List<String> sample = largest(plan.timelineTable(), GUARD_TIMELINES);
        Map<String, ZimGateway.MessagePage> pages = reads.read(firstPages(sample), GUARD_PAGE);
        if (pages == null) {
            return false;
        }
        Map<String, List<ReadMessage>> messages = new LinkedHashMap<>();
        pages.forEach((k, p) -> messages.put(k, p.messages()));
        HeldMessages held = HeldMessages.find(plan, messages);
        long found = 0;
        List<String> holding = new ArrayList<>();
        for (String t : sample) {
            int n = held.heldPositions(t).cardinality();
            if (n > 0) {
                found += n;
                holding.add(t);
            }
        }
        listener.onEvent(new MigrationEvent.ZimChecked(sample.size(), found, holding.size(), reads.requests()));
        if (found > 0) {
            throw new MigrationException("ZIM already holds " + found + " message" + (found == 1 ? "" : "s")
                    + " of this input (among the newest of " + holding.size() + " of the " + sample.size()
                    + " largest timelines read back, e.g. " + holding.get(0) + "), yet this journal is new: the input was "
                    + "imported before with another journal (another directory, or a journal deleted or damaged). "
                    + "Nothing was sent. To continue after what ZIM holds, rebuild the journal from ZIM: run the same "
                    + "command with --recover. To import a second copy anyway, run it with --allow-duplicates");
        }
        return true;
    }

    /**
     * The keys of the {@code n} timelines with the most calls (ties by key), largest first: a bounded heap over the
     * plan's table, not a sort of every timeline (millions of entries at once, issue #13).
     */
    static List<String> largest(TimelineTable table, int n) {
        record Candidate(long calls, String key) {}
        Comparator<Candidate> order = Comparator.comparingLong((Candidate c) -> -c.calls()).thenComparing(Candidate::key);
        PriorityQueue<Candidate> kept = new PriorityQueue<>(order.reversed()); // the worst kept on top
        for (int i = 0; i < table.size(); i++) {
            long calls = table.callsAt(i);
            Candidate worst = kept.peek();
            if (kept.size() == n && calls < worst.calls()) {
                continue; // the common case decides without making the key
            }
            Candidate c = new Candidate(calls, table.keyAt(i));
            if (kept.size() < n) {
                kept.add(c);
            } else if (order.compare(c, worst) < 0) {
                kept.poll();
                kept.add(c);
            }
        }
        List<Candidate> out = new ArrayList<>(kept);
        out.sort(order);
        return out.stream().map(Candidate::key).toList();
    }

    /**
     * Rebuilds the journal's state from ZIM into {@code into} (a fresh state of the plan's numbering): the entries
     * that settle each timeline up to the last message of this input ZIM holds. A batch of timelines at a time, in
     * the plan's order, as {@link Verification} does: their first pages are at most {@link #batchReads} messages, and
     * each round of pages is one pass over the plan; so what is held at once is one batch's keys, next reads and
     * pages, not every timeline's (2 M one-to-one timelines were hundreds of MB, issue #13). False when the run stops
     * meanwhile (as for {@link #guard}): {@code into} is then partly filled, to be dropped.
     *
     * @throws MigrationException when a timeline's read-back cannot be lined up with the plan within
     *                            {@value #RECOVER_MAX_PAGES} pages
     */
    boolean recover(Plan plan, JournalState into) throws InterruptedException {
        TimelineTable table = plan.timelineTable();
        long budget = batchReads();
        Map<String, AppendedTail.LateRange> late = new LinkedHashMap<>();
        long holding = 0;
        for (int from = 0; from < table.size(); ) {
            List<String> batch = new ArrayList<>();
            long firstReads = 0;
            for (; from < table.size() && (batch.isEmpty() || firstReads + firstPage(table, from) <= budget); from++) {
                firstReads += firstPage(table, from);
                batch.add(table.keyAt(from));
            }
            long held = recoverBatch(plan, batch, into, late);
            if (held < 0) {
                return false;
            }
            holding += held;
        }
        List<JournalEntry> toAppend = AppendedTail.stillToAppend(plan, late);
        toAppend.forEach(into::apply);
        listener.onEvent(new MigrationEvent.JournalRebuilt(table.size(), holding, reads.requests(), toAppend.size()));
        return true;
    }

    /**
     * Messages the first pages of one batch of recovery may read back: five times the read-ahead, the same order as
     * the messages a run holds in its lanes (100,000 with the default read-ahead of 20,000 tasks); later pages, read only for
     * timelines whose newest page is ambiguous, are at most {@value #RECOVER_MAX_PAGES} times a timeline's first.
     */
    long batchReads() {
        return Math.max(1, 5L * lookahead); // a batch holds one timeline at least, whatever its first page
    }

    private static long firstPage(TimelineTable table, int i) {
        return Math.max(1, Math.min(RECOVER_PAGE, table.callsAt(i)));
    }

    /** Recovers the timelines of {@code batch} into {@code into}: how many hold messages of this input; -1: stopped. */
    private long recoverBatch(Plan plan, List<String> batch, JournalState into,
                              Map<String, AppendedTail.LateRange> late) throws InterruptedException {
        Map<String, List<ReadMessage>> pages = new HashMap<>();
        Map<String, Long> next = new HashMap<>();
        batch.forEach(k -> next.put(k, 0L));
        long holding = 0;
        List<String> toRead = batch;
        for (int round = 0; round < RECOVER_MAX_PAGES && !toRead.isEmpty(); round++) {
            List<Map.Entry<Timeline, Long>> wanted = toRead.stream()
                    .map(k -> Map.entry(Timeline.fromKey(k), next.get(k))).toList();
            Map<String, ZimGateway.MessagePage> read = reads.read(wanted, RECOVER_PAGE);
            if (read == null) {
                return -1;
            }
            Map<String, List<ReadMessage>> these = new LinkedHashMap<>();
            read.forEach((k, page) -> {
                pages.computeIfAbsent(k, x -> new ArrayList<>()).addAll(page.messages());
                next.put(k, page.next());
                these.put(k, pages.get(k));
            });
            HeldMessages held = HeldMessages.find(plan, these);
            List<String> again = new ArrayList<>();
            for (String k : toRead) {
                Tail tail = tail(held, k, next.get(k) != 0, round < RECOVER_MAX_PAGES - 1);
                if (tail.readMore()) {
                    again.add(k);
                } else if (tail.settled() != null) {
                    into.apply(tail.settled());
                    holding++;
                    if (tail.late() != null) {
                        late.put(k, tail.late());
                    }
                }
            }
            toRead = again;
        }
        if (!toRead.isEmpty()) {
            throw new MigrationException("cannot tell how far " + toRead.size() + " timeline(s) got (e.g. "
                    + toRead.get(0) + "): their newest " + RECOVER_MAX_PAGES * RECOVER_PAGE + " messages in ZIM repeat "
                    + "the same messages of this input too often to line them up with it. Nothing was sent; the "
                    + "journal was not rebuilt");
        }
        return holding;
    }

    /**
     * How far one timeline got: settled up to an entry, not begun (null entry), or more pages are needed; and the
     * late messages a killed delta had still to append to it (null: none).
     */
    private record Tail(JournalEntry.Imported settled, boolean readMore, AppendedTail.LateRange late) {
        static final Tail READ_MORE = new Tail(null, true, null);
        static final Tail NOTHING = new Tail(null, false, null);
    }

    /**
     * Lines the read-back up with the plan. The newest message of this input ZIM holds (a migration timeline has no
     * other writers, so ZIM holds a prefix of the timeline's plan, less what it refused) may stand for several plan
     * messages with the same sender, type and body; each candidate is tried by walking back through the older
     * held messages, which must appear in the plan before it in the same order. The candidate that explains the
     * most of them, skipping the fewest plan messages, wins; an exact tie is settled by reading an older page, or,
     * once ZIM has no older page, by the earlier candidate (the one that supposes fewer refusals). When no candidate
     * explains them all, the timeline ends in late messages a delta appended ({@code --late=append}): it is placed
     * by {@link AppendedTail}, at the highest plan message it holds, with the late ones still to append.
     */
    private static Tail tail(HeldMessages held, String timeline, boolean olderPages, boolean mayReadMore) {
        int[] positions = held.heldPositions(timeline).stream().toArray();
        if (positions.length == 0) {
            return Tail.NOTHING;
        }
        List<HeldMessages.Occurrence> occ = held.of(timeline);
        int best = -1;
        int bestAligned = -1;
        int bestSkipped = Integer.MAX_VALUE;
        boolean tie = false;
        for (int p = 0; p < occ.size(); p++) {
            if (!occ.get(p).held().get(positions[0])) {
                continue;
            }
            int aligned = 1;
            int skipped = 0;
            for (int q = p - 1; q >= 0 && aligned < positions.length; q--) {
                BitSet h = occ.get(q).held();
                if (h.get(positions[aligned])) {
                    aligned++;
                } else {
                    skipped++;
                }
            }
            if (aligned > bestAligned || aligned == bestAligned && skipped < bestSkipped) {
                best = p;
                bestAligned = aligned;
                bestSkipped = skipped;
                tie = false;
            } else if (aligned == bestAligned && skipped == bestSkipped) {
                tie = true;
            }
        }
        if (bestAligned < positions.length) {
            // Not one ordered run of the plan: late messages appended at the end of the timeline (issue 15).
            AppendedTail.Standing s = AppendedTail.place(occ, positions, olderPages, mayReadMore);
            if (s.readMore()) {
                return Tail.READ_MORE;
            }
            long msgSeq = held.page(timeline).get(s.settledPage()).msgSeq();
            return new Tail(new JournalEntry.Imported(timeline, occ.get(s.settled()).task(), msgSeq), false, s.late());
        }
        if (tie && olderPages) {
            return Tail.READ_MORE;
        }
        long msgSeq = held.page(timeline).get(positions[0]).msgSeq();
        return new Tail(new JournalEntry.Imported(timeline, occ.get(best).task(), msgSeq), false, null);
    }

    private static List<Map.Entry<Timeline, Long>> firstPages(List<String> timelines) {
        return timelines.stream().map(k -> Map.entry(Timeline.fromKey(k), 0L)).toList();
    }
}
