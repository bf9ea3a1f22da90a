package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.Plan;
import java.util.HashMap;
import java.util.Map;

/**
 * The run's lanes and what they add up to. Counts of messages live in the lanes only; every total here is derived
 * from them (plus the calls the run skipped without decoding), so a total cannot drift from its timelines. The
 * counters that are not per message (retries, throttled answers, lost answers) are kept here.
 */
final class Ledger {
    private final JournalState journal;
    private final Map<String, Lane> lanes = new HashMap<>();
    final Backlog backlog = new Backlog();
    final Workload workload = new Workload();
    private Map<String, Plan.TimelinePlan> planned = Map.of();

    /** Calls the run skipped without decoding: settled in every timeline of their message. */
    private long skippedCalls;
    long retries;
    long throttled;
    long unknown;
    long reconciledLanded;

    Ledger(JournalState journal) {
        this.journal = journal;
    }

    /** The plan this run carries out: each lane's planned calls, and what is left of each action. */
    void carryOut(Plan plan) {
        planned = plan.timelines();
        workload.planned(io.zimmigrate.core.wire.Action.IMPORT_GROUP_MSG, plan.groupImports());
        workload.planned(io.zimmigrate.core.wire.Action.IMPORT_PEER_MSG, plan.peerImports());
        workload.longestTimeline(planned.values().stream().mapToLong(Plan.TimelinePlan::calls).max().orElse(0));
    }

    Lane lane(Timeline t) {
        return lanes.computeIfAbsent(t.key(), k -> {
            Plan.TimelinePlan p = planned.get(k);
            return new Lane(t, journal.progressOf(k), backlog, workload, p == null ? 0 : p.calls());
        });
    }

    boolean hasLane(String key) {
        return lanes.containsKey(key);
    }

    Iterable<Lane> lanes() {
        return lanes.values();
    }

    void skipped(long calls) {
        skippedCalls += calls;
    }

    /** Calls imported or refused by this run. */
    long settled() {
        long n = 0;
        for (Lane l : lanes.values()) {
            n += l.imported + l.rejected;
        }
        return n;
    }

    /** Calls the journal already settled, including those skipped without decoding. */
    long alreadyDone() {
        long n = skippedCalls;
        for (Lane l : lanes.values()) {
            n += l.alreadyDone;
        }
        return n;
    }

    long notAttempted() {
        long n = 0;
        for (Lane l : lanes.values()) {
            n += l.notAttempted;
        }
        return n;
    }

    /**
     * The report, per timeline of the plan and in total. A call the run did not decode was skipped as settled, so a
     * timeline's skipped calls are its planned calls minus those its lane saw.
     */
    MigrationReport report(Plan plan, String stopReason, long elapsedMillis) {
        Map<String, MigrationReport.TimelineReport> perTimeline = new HashMap<>();
        long imported = 0;
        long rejected = 0;
        long alreadyDone = 0;
        long notAttempted = 0;
        for (Map.Entry<String, Plan.TimelinePlan> e : plan.timelines().entrySet()) {
            Lane l = lanes.get(e.getKey());
            MigrationReport.TimelineReport t = l == null
                    ? new MigrationReport.TimelineReport(e.getValue().calls(), 0, 0, e.getValue().calls(), 0)
                    : new MigrationReport.TimelineReport(e.getValue().calls(), l.imported, l.rejected,
                            l.alreadyDone + e.getValue().calls() - l.calls, l.notAttempted);
            perTimeline.put(e.getKey(), t);
            imported += t.imported();
            rejected += t.rejected();
            alreadyDone += t.alreadyDone();
            notAttempted += t.notAttempted();
        }
        return new MigrationReport(plan.recordsRead(), plan.validMessages(), plan.rejectedRecords(), plan.importCalls(),
                imported, rejected, alreadyDone, notAttempted, retries, throttled, unknown, reconciledLanded,
                stopReason != null, stopReason, perTimeline, elapsedMillis);
    }
}
