package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.wire.Action;
import java.util.HashMap;
import java.util.Map;

/**
 * The run's lanes and what they add up to. Counts of messages live per timeline only ({@link TimelineCounts}, by the
 * timeline's number in the plan); every total here is derived from them (plus the calls the run skipped without
 * decoding), so a total cannot drift from its timelines. The counters that are not per message (retries, throttled
 * answers, lost answers) are kept here.
 *
 * <p>A {@link Lane} exists only while its timeline has something the counts and the journal's progress cannot hold
 * (tasks queued, a request in flight, a send to reconcile, a stop): {@link #retireIfIdle} lets it go, and the next
 * task of its timeline makes a new one. So a run holds a lane per timeline in flight or read ahead, not per timeline
 * ever seen (issue #13: a lane, its queue and its map entry were about 500 bytes, for each of millions of timelines).
 */
final class Ledger {
    private final JournalState journal;
    private final Map<String, Lane> lanes = new HashMap<>();
    final Backlog backlog = new Backlog();
    final Workload workload = new Workload();
    private TimelineTable planned = TimelineTable.empty();
    private final TimelineCounts counts = new TimelineCounts();
    /** Numbers past the plan's for timelines it does not know (a hand-made plan); none in a planner's plan. */
    private final Map<String, Integer> unplanned = new HashMap<>();

    /** Calls the run skipped without decoding: settled in every timeline of their message. */
    private long skippedCalls;
    long retries;
    long throttled;
    long unknown;
    long reconciledLanded;
    long resentAfterLoss;

    Ledger(JournalState journal) {
        this.journal = journal;
    }

    /** The plan this run carries out: each lane's planned calls, and what is left of each action. */
    void carryOut(Plan plan) {
        planned = plan.timelineTable();
        counts.reach(planned.size());
        workload.planned(Action.IMPORT_GROUP_MSG, plan.groupImports());
        workload.planned(Action.IMPORT_PEER_MSG, plan.peerImports());
        long longest = 0;
        for (int i = 0; i < planned.size(); i++) {
            longest = Math.max(longest, planned.callsAt(i));
        }
        workload.longestTimeline(longest);
    }

    Lane lane(Timeline t) {
        Lane lane = lanes.get(t.key());
        if (lane == null) {
            int number = planned.numberOf(t);
            long calls = number < 0 ? 0 : planned.callsAt(number);
            if (number < 0) {
                number = unplanned.computeIfAbsent(t.key(), k -> planned.size() + unplanned.size());
                counts.reach(number + 1);
            }
            lane = new Lane(t, journal.progressOf(t.key()), backlog, workload, calls, counts, number);
            lanes.put(lane.key, lane);
        }
        return lane;
    }

    /**
     * A call of timeline {@code number} (the plan's) the run stopped before reading: already done when the journal
     * settled it ({@code settled}), else not attempted. Counted as a lane counts it, without making one.
     */
    void unreached(int number, Action action, boolean settled) {
        counts.unreached(number, settled);
        workload.done(action, 1);
    }

    /** Lets the lane go when it holds nothing beyond its counts; its timeline's next task makes a new one. */
    void retireIfIdle(Lane lane) {
        if (lane.idle() && lanes.get(lane.key) == lane) {
            lanes.remove(lane.key);
        }
    }

    /** Whether any task of the timeline keyed {@code key} reached this run. */
    boolean seen(String key) {
        if (lanes.containsKey(key)) {
            return true;
        }
        int number = planned.numberOf(key);
        if (number < 0) {
            Integer extra = unplanned.get(key);
            number = extra == null ? -1 : extra;
        }
        return number >= 0 && counts.calls(number) > 0;
    }

    /** The lanes that exist now (timelines with tasks queued, in flight, to reconcile, or stopped). */
    Iterable<Lane> lanes() {
        return lanes.values();
    }

    /** How many lanes exist now. */
    int liveLanes() {
        return lanes.size();
    }

    /** The longest chain still to settle among the timelines of {@code action} that this run has seen. */
    long longestLeft(Action action) {
        long longest = 0;
        for (int i = 0; i < planned.size(); i++) {
            if (counts.calls(i) > 0 && (planned.isPeerAt(i) ? Action.IMPORT_PEER_MSG : Action.IMPORT_GROUP_MSG) == action) {
                longest = Math.max(longest, planned.callsAt(i) - counts.counted(i));
            }
        }
        return longest;
    }

    void skipped(long calls) {
        skippedCalls += calls;
    }

    /** Calls imported or refused by this run. */
    long settled() {
        return counts.importedTotal() + counts.rejectedTotal();
    }

    /** Calls the journal already settled, including those skipped without decoding. */
    long alreadyDone() {
        return skippedCalls + counts.alreadyDoneTotal();
    }

    long notAttempted() {
        return counts.notAttemptedTotal();
    }

    /**
     * The report, per timeline of the plan and in total. A call the run did not decode was skipped as settled, so a
     * timeline's skipped calls are its planned calls minus those its lanes saw. The per-timeline part is a view over
     * the counts ({@link TimelineReports}), not a map of millions of entries.
     */
    MigrationReport report(Plan plan, String stopReason, long elapsedMillis, long importMillis) {
        TimelineReports perTimeline = new TimelineReports(plan.timelineTable(), counts);
        long imported = 0;
        long rejected = 0;
        long alreadyDone = 0;
        long notAttempted = 0;
        for (int i = 0; i < perTimeline.size(); i++) {
            imported += counts.imported(i);
            rejected += counts.rejected(i);
            alreadyDone += perTimeline.alreadyDone(i);
            notAttempted += counts.notAttempted(i);
        }
        return new MigrationReport(plan.recordsRead(), plan.validMessages(), plan.rejectedRecords(), plan.importCalls(),
                imported, rejected, alreadyDone, notAttempted, retries, throttled, unknown, reconciledLanded,
                resentAfterLoss, stopReason != null, stopReason, perTimeline, elapsedMillis, importMillis);
    }
}
