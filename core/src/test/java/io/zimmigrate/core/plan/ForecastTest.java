package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forecast's two bounds per action: calls at the cap, and the longest timeline at one call per round trip. */
class ForecastTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long DAY = 86_400_000L;

    private static Plan plan(List<RawMessage> history) {
        return new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace())
                .plan(new ListSource(history), NOW, r -> {});
    }

    /** The history: 3,000 group calls, the hot group 1,500 of them; plan said 150 s, the run took 232 s. */
    private static List<RawMessage> hotAndSmall(int hot) {
        List<RawMessage> out = new ArrayList<>();
        for (int g = 0; g < 300; g++) {
            for (int i = 0; i < 5; i++) {
                out.add(RawMessage.builder().id("s" + g + "-" + i).groupId("small" + g).fromUserId("u").messageType(1)
                        .bodyMessage("b").sendMessageTime(NOW - 10 * DAY + g * 10L + i).build());
            }
        }
        for (int i = 0; i < hot; i++) {
            out.add(RawMessage.builder().id("h" + i).groupId("hot").fromUserId("u").messageType(1).bodyMessage("b")
                    .sendMessageTime(NOW - DAY + i).build());
        }
        return out;
    }

    @Test
    void theLongestTimelineBoundsTheFinishWhenItTakesLongerThanTheCalls() {
        Forecast f = Forecast.of(plan(hotAndSmall(1500)), 20, RuleSet.defaults().retention(), NOW, 150);
        assertThat(f.group().calls()).isEqualTo(3000);
        assertThat(f.group().longestTimeline()).isEqualTo(1500);
        assertThat(f.group().byCapMillis()).isEqualTo(150_000);
        assertThat(f.group().byChainMillis()).isEqualTo(225_000);
        assertThat(f.group().boundBy()).isEqualTo("longest timeline");
        assertThat(f.durationMillis()).isEqualTo(225_000);
        assertThat(f.peer().calls()).isZero();
    }

    @Test
    void theCapBoundsTheFinishWhenTimelinesAreShort() {
        Forecast f = Forecast.of(plan(hotAndSmall(100)), 20, RuleSet.defaults().retention(), NOW);
        assertThat(f.roundTripMillis()).isEqualTo(Forecast.DEFAULT_ROUND_TRIP_MILLIS);
        assertThat(f.group().boundBy()).isEqualTo("cap");
        assertThat(f.durationMillis()).isEqualTo(1600 * 1000 / 20);
    }
}
