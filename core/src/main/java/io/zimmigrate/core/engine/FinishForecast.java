package io.zimmigrate.core.engine;

import io.zimmigrate.core.plan.Forecast;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.wire.Action;
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
 */
final class FinishForecast {
    static final int LONGEST_KEPT = 16;
    private static final List<Action> IMPORTS = List.of(Action.IMPORT_GROUP_MSG, Action.IMPORT_PEER_MSG);

    private record Planned(String key, long calls) {}

    private final Ledger ledger;
    private final Pacers pacers;
    private final Map<Action, List<Planned>> longest = new EnumMap<>(Action.class);

    FinishForecast(Plan plan, Ledger ledger, Pacers pacers) {
        this.ledger = ledger;
        this.pacers = pacers;
        for (Action a : IMPORTS) {
            longest.put(a, new ArrayList<>());
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

    /** The forecast now: per action, and the finish (ms from now). */
    MigrationEvent.Reforecast now() {
        List<MigrationEvent.ActionEta> actions = new ArrayList<>();
        long finish = 0;
        for (Action a : IMPORTS) {
            long left = ledger.workload.left(a);
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
            double rate = pacers.rate(a);
            long rtt = pacers.roundTripMillis(a);
            Forecast.ActionForecast f = Forecast.ActionForecast.of(left, chain, rate, rtt);
            actions.add(new MigrationEvent.ActionEta(a.wireName(), left, chain, rate, rtt, pacers.measured(a),
                    f.byCapMillis(), f.byChainMillis()));
            finish = Math.max(finish, f.millis());
        }
        return new MigrationEvent.Reforecast(finish, actions);
    }
}
