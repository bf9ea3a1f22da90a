package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.core.wire.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The run's forecast of its finish (the progress ETA): at the cap when the run is capped, at the rate it measures when
 * it is not. Uncapped ({@code run --qps 0}), the forecast took the rate as infinite: "1s" with 2.1 M calls left at
 * about 8,500 calls/s (docs/performance.md, a fresh run of the 2 M users shape).
 */
class FinishForecastTest {
    private static final long NOW = 1_732_000_000_000L;

    /** 3,000 one-to-one messages among 3,000 pairs (6,000 ImportPeerMsg calls, each timeline 1 call long). */
    private static Plan plan() {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            out.add(RawMessage.builder().id("m" + i).fromUserId("a" + i).toUserId("b" + i).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + i * 1000L).build());
        }
        return new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace())
                .plan(new ListSource(out, "forecast"), NOW, r -> {});
    }

    private record Setup(Ledger ledger, FinishForecast forecast) {}

    private static Setup setup(int qps) {
        Plan plan = plan();
        Ledger ledger = new Ledger(new JournalState());
        ledger.carryOut(plan);
        return new Setup(ledger, new FinishForecast(plan, ledger, new Pacers(qps, 0)));
    }

    /** {@code perSecond} calls settle each second for {@code seconds}; returns the last forecast. */
    private static MigrationEvent.Reforecast settle(Setup s, long startMillis, int seconds, int perSecond) {
        MigrationEvent.Reforecast f = null;
        for (int t = 1; t <= seconds; t++) {
            s.ledger().workload.done(Action.IMPORT_PEER_MSG, perSecond);
            f = s.forecast().now(startMillis + t * 1000L);
        }
        return f;
    }

    @Test
    void anUncappedRunForecastsAtTheRateItMeasuresNotInOneSecond() {
        Setup s = setup(0);
        assertThat(s.forecast().now(0).finishInMillis()).as("no rate measured yet: not known").isEqualTo(-1);
        // A minute of waiting (provisioning) does not count in the rate: it starts with the first calls settled.
        assertThat(s.forecast().now(60_000).finishInMillis()).isEqualTo(-1);
        MigrationEvent.Reforecast f = settle(s, 60_000, 20, 100); // 2,000 of 6,000 at 100 calls/s
        MigrationEvent.ActionEta peer = f.actions().stream().filter(a -> a.action().equals("ImportPeerMsg"))
                .findFirst().orElseThrow();
        assertThat(peer.callsLeft()).isEqualTo(4_000);
        assertThat(peer.rate()).isCloseTo(100.0, within(0.01));
        assertThat(f.finishInMillis()).as("4,000 calls left at 100/s").isCloseTo(40_000L, within(100L));
    }

    /**
     * A resume of 4 M timelines said "forecast: finish in 2183h ... at 2.0/s" on its first line: the rate of its first
     * second, while its read-ahead was still filling. A rate is taken only over {@link FinishForecast#MIN_RATE_WINDOW_MILLIS}.
     */
    @Test
    void anUncappedRateIsNotTakenFromItsFirstMoments() {
        Setup s = setup(0);
        s.forecast().now(0);
        MigrationEvent.Reforecast f = settle(s, 0, 1, 2); // 2 calls in the first second
        assertThat(f.finishInMillis()).as("a second's rate is no forecast").isEqualTo(-1);
        f = settle(s, 1_000, (int) (FinishForecast.MIN_RATE_WINDOW_MILLIS / 1000) - 2, 100);
        assertThat(f.finishInMillis()).as("still inside the shortest window").isEqualTo(-1);
        f = settle(s, FinishForecast.MIN_RATE_WINDOW_MILLIS - 1_000, 1, 100);
        assertThat(f.finishInMillis()).as("a window long enough: known").isPositive();
        double seconds = FinishForecast.MIN_RATE_WINDOW_MILLIS / 1000.0;
        assertThat(f.actions().get(1).rate()).isCloseTo((2 + 100 * (seconds - 1)) / seconds, within(0.01));
    }

    @Test
    void theMeasuredRateFollowsAChangeOfPaceWithinItsWindow() {
        Setup s = setup(0);
        s.forecast().now(0);
        settle(s, 0, 10, 200); // 2,000 at 200/s
        MigrationEvent.Reforecast f = settle(s, 10_000, 70, 20); // then 1,400 at 20/s: the window holds only these
        assertThat(f.actions().get(1).rate()).isCloseTo(20.0, within(0.01));
        assertThat(f.finishInMillis()).as("2,600 calls left at 20/s").isCloseTo(130_000L, within(100L));
    }

    /**
     * A resume skips the journal's settled prefix without counting it per action: the forecast said "1,980,001 calls
     * left" with 2,000 left (the groups shape, 2 M messages, measured); what is left in all bounds each action's.
     */
    @Test
    void aResumeForecastsOnlyTheCallsLeftNotTheSettledPrefix() {
        Setup s = setup(20);
        s.ledger().skipped(5_000); // the prefix the skip index leaves out: 5,000 of the 6,000 calls
        MigrationEvent.Reforecast f = s.forecast().now(0);
        assertThat(f.actions().get(1).callsLeft()).isEqualTo(1_000);
        assertThat(f.finishInMillis()).as("1,000 calls left at 20/s").isEqualTo(50_000L);
    }

    @Test
    void aCappedRunForecastsAtItsCapWhateverItMeasured() {
        Setup s = setup(20);
        assertThat(s.forecast().now(0).finishInMillis()).as("6,000 calls at 20/s").isEqualTo(300_000L);
        MigrationEvent.Reforecast f = settle(s, 0, 10, 100);
        assertThat(f.actions().get(1).rate()).isEqualTo(20.0);
        assertThat(f.finishInMillis()).as("5,000 calls left at 20/s").isEqualTo(250_000L);
    }
}
