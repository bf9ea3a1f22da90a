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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The forecast's longest-timeline bound at a round trip shorter than the run's millisecond clock. One group of
 * 1 M messages against the emulator (about 0.45 ms a round trip, 2,200 calls a second) was forecast at about twice
 * the time it took: each round trip measured in whole milliseconds (0 or 1), their average rounded to a whole one,
 * "longest timeline 590,000 calls × 1 ms" (docs/performance.md, session 17).
 */
class FinishForecastRoundTripTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final int MESSAGES = 20_000;

    /** One group of {@link #MESSAGES} messages: one timeline, as long as the whole import. */
    private static Plan oneGroup() {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            out.add(RawMessage.builder().id("m" + i).groupId("g").fromUserId("u" + i % 10).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + i).build());
        }
        return new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace())
                .plan(new ListSource(out, "one group"), NOW, r -> {});
    }

    /** An uncapped run's forecast of {@link #oneGroup()}, asked once at time 0, before any answer. */
    private record Forecasting(Ledger ledger, Pacers pacers, FinishForecast forecast) {
        static Forecasting ofOneGroup() {
            Plan plan = oneGroup();
            Ledger ledger = new Ledger(new JournalState());
            ledger.carryOut(plan);
            Pacers pacers = new Pacers(0, 0);
            FinishForecast forecast = new FinishForecast(plan, ledger, pacers);
            forecast.now(0);
            return new Forecasting(ledger, pacers, forecast);
        }
    }

    @Test
    void aSubMillisecondRoundTripIsNotForecastAsAWholeMillisecond() {
        Forecasting run = Forecasting.ofOneGroup();
        Ledger ledger = run.ledger();
        Pacers pacers = run.pacers();
        FinishForecast forecast = run.forecast();
        // 2,200 calls a second, one at a time (one timeline): 0.4545 ms each. The run's clock counts whole
        // milliseconds, so a round trip reads as 1 ms when it crosses a tick and 0 when it does not: 0.4545 of them do.
        Random ticks = new Random(13);
        MigrationEvent.Reforecast f = null;
        for (int second = 1; second <= 6; second++) {
            for (int k = 0; k < 2_200; k++) {
                pacers.answered(Action.IMPORT_GROUP_MSG, second * 1000L - 1000 + k * 1000L / 2_200,
                        ticks.nextDouble() < 0.4545 ? 1 : 0);
            }
            ledger.workload.done(Action.IMPORT_GROUP_MSG, 2_200);
            f = forecast.now(second * 1000L);
        }
        long left = MESSAGES - 6 * 2_200;
        MigrationEvent.ActionEta group = f.actions().get(0);
        assertThat(group.action()).isEqualTo("ImportGroupMsg");
        assertThat(group.callsLeft()).isEqualTo(left);
        assertThat(group.roundTripMillis()).as("the mean round trip, not rounded").isCloseTo(0.45, within(0.05));
        assertThat(f.finishInMillis()).as("%,d calls left, one at a time at 2,200 a second", left)
                .isCloseTo(left * 1000 / 2_200, within(left * 1000 / 2_200 / 10));
    }

    /**
     * A moment's slow answers do not swing the forecast. The emulator's one-group run (session 19, another import
     * planning beside it) said "ETA 2h 03m", "3h 35m", "2h 07m" in three progress lines five seconds apart at a steady
     * 1,600 calls a second: the mean of the last 512 answers is a third of a second of them there, so one busy moment
     * of the machine was the whole mean. The mean is now over the same minute as the uncapped rate.
     */
    @Test
    void aBusyMomentDoesNotSwingTheForecastOfAMinutesPace() {
        Forecasting run = Forecasting.ofOneGroup();
        Pacers pacers = run.pacers();
        // A minute at 0.5 ms a call (2,000 a second, answered every half millisecond, one at a time)...
        long at = 0;
        for (int k = 0; k < 60 * 2_000; k++) {
            at = k / 2;
            pacers.answered(Action.IMPORT_GROUP_MSG, at, k % 2);
        }
        // ...then a third of a second in which the machine was busy: 600 answers of 3 ms (a GC, a build beside it).
        for (int k = 0; k < 600; k++) {
            pacers.answered(Action.IMPORT_GROUP_MSG, at + 1 + k * 300L / 600, 3);
        }
        MigrationEvent.ActionEta group = run.forecast().now(at + 301).actions().get(0);
        double minute = (60 * 2_000 * 0.5 + 600 * 3.0) / (60 * 2_000 + 600);
        assertThat(group.roundTripMillis()).as("the mean over the minute's answers, %.3f ms", minute)
                .isCloseTo(minute, within(0.05));
    }
}
