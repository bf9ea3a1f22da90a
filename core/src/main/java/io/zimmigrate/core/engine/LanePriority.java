package io.zimmigrate.core.engine;

import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.wire.Action;

/**
 * The {@link LaneOrder} as the dispatcher's {@link Dispatcher.Priority} over lanes.
 *
 * <p>A migration cannot end sooner than {@code max(calls of an action / cap, longest timeline × round trip)}: ZIM
 * takes one request per timeline at a time. {@link LaneOrder#CRITICAL_PATH} aims at that limit: lanes are ranked by
 * their remaining calls (longest chain first), and a lane whose remaining chain takes at least as long as the rest of
 * its action's calls at the cap ({@code remaining × round trip ≥ left / rate}) is critical: it is admitted without the
 * pacer's spacing, and while it is in flight one place of the action's one-second window is kept free, so its next
 * request leaves the moment its answer is back. When it is no longer critical, the others get every slot again; the
 * two bounds even out. Deadlines come first whenever the oldest waiting message is at risk: its retention deadline
 * is nearer than the time the buffered work needs ({@link #atRisk}).
 */
final class LanePriority implements Dispatcher.Priority<Lane> {
    /** Margin on the at-risk horizon, on top of two round trips. */
    static final long RISK_MARGIN_MILLIS = 1_000;

    private final LaneOrder order;
    private final int qps;
    private final Pacers pacers;
    private final Workload workload;
    private final Backlog backlog;
    private final RetentionWindow retention;

    LanePriority(LaneOrder order, int qps, Pacers pacers, Workload workload, Backlog backlog, RetentionWindow retention) {
        this.order = order;
        this.qps = qps;
        this.pacers = pacers;
        this.workload = workload;
        this.backlog = backlog;
        this.retention = retention;
    }

    @Override
    public long rank(Lane lane) {
        return order == LaneOrder.CRITICAL_PATH ? -lane.remaining() : 0;
    }

    @Override
    public long deadline(Lane lane) {
        return lane.head().key().sendTime();
    }

    @Override
    public long deadlineTie(Lane lane) {
        return lane.head().key().ordinal();
    }

    @Override
    public boolean usesDeadlines() {
        return order == LaneOrder.CRITICAL_PATH;
    }

    /**
     * The oldest waiting message's deadline is within the time the buffered work could take even in deadline order:
     * every buffered call at the cap, or the longest chain at the round trip, plus two round trips and a second.
     * Until then no message can be lost by serving the critical path first; from then on deadlines go first.
     */
    @Override
    public boolean atRisk(Lane earliest, Action action, long now) {
        long sendTime = earliest.head().message().sendTime();
        if (sendTime == 0) {
            return false;
        }
        long rtt = pacers.roundTripMillis(action);
        long buffered = backlog.size();
        long byCap = qps > 0 ? buffered * 1000 / qps : 0;
        long byChain = Math.min(buffered, workload.longestTimeline()) * rtt;
        long horizon = Math.max(byCap, byChain) + 2 * rtt + RISK_MARGIN_MILLIS;
        return retention.deadline(sendTime) - now <= horizon;
    }

    @Override
    public boolean critical(Lane lane, Action action) {
        if (order != LaneOrder.CRITICAL_PATH || qps <= 0) {
            return false;
        }
        double rate = pacers.rate(lane.importAction);
        long chainMillis = lane.remaining() * pacers.roundTripMillis(lane.importAction);
        return rate > 0 && chainMillis >= workload.left(lane.importAction) * 1000 / rate;
    }
}
