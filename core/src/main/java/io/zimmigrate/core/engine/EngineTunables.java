package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalCompaction;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.plan.Forecast;
import io.zimmigrate.core.rules.RuleSet;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The engine's tunables as {@link Migration.Builder} collects them, each starting at the default a migration to real
 * ZIM should use, checked and frozen into {@link Migration.Settings} when the migration is built.
 */
final class EngineTunables {
    RuleSet rules = RuleSet.defaults();
    int qps = 20;
    // Covers the jitter between a request leaving (stamped after the journal flush) and reaching ZIM; 4 ms kept
    // 0 throttled in bench/p1-pacing.sh while 8 ms capped the rate at 19.74/s (docs/performance.md).
    long guardMillis = Pacer.DEFAULT_GUARD_MILLIS;
    long guardCeilingMillis;
    int maxInFlight = 256;
    int lookahead = Migration.DEFAULT_LOOKAHEAD;
    OnReject onReject = OnReject.CONTINUE;
    boolean provision;
    UserId groupOwner;
    long reconcileDelayMillis = 2_000;
    long landingHorizonMillis = Migration.DEFAULT_LANDING_HORIZON_MILLIS;
    long drainMillis = 60_000;
    RandomGenerator jitter;
    LaneOrder laneOrder = LaneOrder.CRITICAL_PATH;
    long roundTripMillis = Forecast.DEFAULT_ROUND_TRIP_MILLIS;
    SendGate sendGate = SendGate.OPEN;
    FreshJournal freshJournal = FreshJournal.CHECK_ZIM;
    // At the cap (20 calls/s, two lines each) the log is compacted about every 4 minutes; a resume then replays
    // at most about 2 × (timelines + 10,000) lines.
    long journalSlackLines = JournalCompaction.DEFAULT_SLACK_LINES;

    /**
     * The settings the engine runs with: the guard's ceiling at least the guard, a fixed jitter seed unless one was
     * given.
     *
     * @throws IllegalArgumentException for a negative count or time, or maxInFlight or lookahead below 1
     */
    Migration.Settings settings() {
        if (qps < 0 || maxInFlight < 1 || lookahead < 1 || Math.min(journalSlackLines, roundTripMillis) < 0
                || landingHorizonMillis < 0) {
            throw new IllegalArgumentException("a negative count or time, or maxInFlight or lookahead below 1");
        }
        return new Migration.Settings(rules, qps, guardMillis, Math.max(guardMillis, guardCeilingMillis), maxInFlight,
                lookahead, onReject, provision, groupOwner, reconcileDelayMillis, landingHorizonMillis, drainMillis,
                jitter != null ? jitter : new SplittableRandom(1), journalSlackLines, Backoff.DEFAULT, laneOrder,
                roundTripMillis, sendGate, freshJournal);
    }
}
