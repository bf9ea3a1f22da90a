package io.zimmigrate.core.engine;

import io.zimmigrate.core.plan.Forecast;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.wire.Action;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The run's forecast of its finish, on the same model as {@code plan}'s ({@link Forecast}): per import action, the
 * longer of its calls left at the rate it is paced at and its longest remaining timeline at the measured round trip;
 * the finish is the later action's. Asked about once a second, so it never walks the plan: the longest timelines not
 * yet read into lanes come from a short list made once ({@link #LONGEST_KEPT} per action).
 *
 * <p>The rate: the cap an action is paced at; uncapped ({@code --qps 0}, a rehearsal against the emulator), the rate
 * its calls left went down at over the last {@link #RATE_WINDOW_MILLIS} (from its first call settled on, so a
 * provisioning phase before it does not count), once it spans {@link #MIN_RATE_WINDOW_MILLIS}. Until then an uncapped
 * action with calls left has no known finish ({@code -1}): an uncapped rate taken as infinite said "1s" with 2.1 M
 * calls left at 8,500 calls/s.
 */
final class FinishForecast {
    static final int LONGEST_KEPT = 16;
    /** How far back an uncapped action's measured rate looks: steady, and quick to follow a change of pace. */
    static final long RATE_WINDOW_MILLIS = 60_000;
    /**
     * The shortest time a measured rate is taken over: a resume's first second, its read-ahead still filling, settled
     * 2 calls and forecast 2,183 hours (4 M timelines, measured); until then the finish is not known.
     */
    static final long MIN_RATE_WINDOW_MILLIS = 5_000;
    private static final List<Action> IMPORTS = List.of(Action.IMPORT_GROUP_MSG, Action.IMPORT_PEER_MSG);

    private record Planned(String key, long calls) {}

    private final Ledger ledger;
    private final Pacers pacers;
    private final long importCalls;
    private final Map<Action, List<Planned>> longest = new EnumMap<>(Action.class);
    /** Per action, (time, calls left) at most once a second over the window; oldest first. */
    private final Map<Action, ArrayDeque<long[]>> samples = new EnumMap<>(Action.class);

    FinishForecast(Plan plan, Ledger ledger, Pacers pacers) {
        this.ledger = ledger;
        this.pacers = pacers;
        this.importCalls = plan.importCalls();
        for (Action a : IMPORTS) {
            longest.put(a, new ArrayList<>());
            samples.put(a, new ArrayDeque<>());
        }
        Comparator<Planned> byCalls = Comparator.comparingLong(Planned::calls);
        TimelineTable table = plan.timelineTable();
        for (int i = 0; i < table.size(); i++) { // by number: a key only for the few kept (millions of timelines)
            long calls = table.callsAt(i);
            boolean group = !table.isPeerAt(i) && table.keyAt(i).startsWith("g:");
            List<Planned> top = longest.get(group ? Action.IMPORT_GROUP_MSG : Action.IMPORT_PEER_MSG);
            if (top.size() < LONGEST_KEPT || calls > top.get(top.size() - 1).calls()) {
                top.add(new Planned(table.keyAt(i), calls));
                top.sort(byCalls.reversed());
                if (top.size() > LONGEST_KEPT) {
                    top.remove(top.size() - 1);
                }
            }
        }
    }

    /**
     * The forecast at {@code nowMillis} (the run's clock): per action, and the finish (ms from now), or -1 while an
     * uncapped action with calls left has no measured rate yet.
     */
    MigrationEvent.Reforecast now(long nowMillis) {
        List<MigrationEvent.ActionEta> actions = new ArrayList<>();
        long finish = 0;
        boolean known = true;
        // A resume skips the journal's settled prefix by the plan's skip index, which counts its calls but not per
        // action: an action's own count still holds them (1,980,001 left of 2,000, measured), so it is capped by what
        // is left in all, which is exact (and so is an action's count when the plan has only that action).
        long leftInAll = Math.max(0, importCalls - ledger.settled() - ledger.alreadyDone());
        for (Action a : IMPORTS) {
            long left = Math.min(ledger.workload.left(a), leftInAll);
            double measuredRate = measuredRate(a, nowMillis, left);
            long chain = ledger.longestLeft(a);
            List<Planned> top = longest.get(a);
            for (Planned p : top) {
                if (!ledger.seen(p.key())) {
                    chain = Math.max(chain, p.calls());
                    break;
                }
            }
            if (!top.isEmpty() && top.size() == LONGEST_KEPT && top.stream().allMatch(p -> ledger.seen(p.key()))) {
                chain = Math.max(chain, Math.min(left, top.get(top.size() - 1).calls())); // one not kept may be as long
            }
            chain = Math.min(chain, left);
            double cap = pacers.rate(a);
            double rate = cap > 0 ? cap : measuredRate;
            known &= left == 0 || rate > 0;
            double rtt = pacers.meanRoundTripMillis(a);
            Forecast.ActionForecast f = Forecast.ActionForecast.of(left, chain, rate, rtt);
            actions.add(new MigrationEvent.ActionEta(a.wireName(), left, chain, rate, rtt, pacers.measured(a),
                    f.byCapMillis(), f.byChainMillis()));
            finish = Math.max(finish, f.millis());
        }
        return new MigrationEvent.Reforecast(known ? finish : -1, actions);
    }

    /** The rate {@code action}'s calls left went down at over the window (calls/s), 0 before its first settles. */
    private double measuredRate(Action action, long nowMillis, long left) {
        ArrayDeque<long[]> s = samples.get(action);
        long[] last = s.peekLast();
        if (last == null || nowMillis - last[0] >= 1000) {
            s.addLast(new long[] {nowMillis, left});
        }
        // From the last sample before its calls started going down: a wait before (provisioning) is not its pace.
        while (s.size() >= 2 && s.peekFirst()[1] == secondOf(s)[1]) {
            s.removeFirst();
        }
        while (s.size() >= 2 && nowMillis - secondOf(s)[0] >= RATE_WINDOW_MILLIS) {
            s.removeFirst();
        }
        long[] first = s.peekFirst();
        long done = first[1] - left;
        long over = nowMillis - first[0];
        return done > 0 && over >= MIN_RATE_WINDOW_MILLIS ? done * 1000.0 / over : 0;
    }

    private static long[] secondOf(ArrayDeque<long[]> s) {
        var it = s.iterator();
        it.next();
        return it.next();
    }
}
