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

    @Test
    void aSubMillisecondRoundTripIsNotForecastAsAWholeMillisecond() {
        Plan plan = oneGroup();
        Ledger ledger = new Ledger(new JournalState());
        ledger.carryOut(plan);
        Pacers pacers = new Pacers(0, 0);
        FinishForecast forecast = new FinishForecast(plan, ledger, pacers);
        forecast.now(0);
        // 2,200 calls a second, one at a time (one timeline): 0.4545 ms each. The run's clock counts whole
        // milliseconds, so a round trip reads as 1 ms when it crosses a tick and 0 when it does not: 0.4545 of them do.
        Random ticks = new Random(13);
        MigrationEvent.Reforecast f = null;
        for (int second = 1; second <= 6; second++) {
            for (int k = 0; k < 2_200; k++) {
                pacers.answered(Action.IMPORT_GROUP_MSG, ticks.nextDouble() < 0.4545 ? 1 : 0);
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
}
