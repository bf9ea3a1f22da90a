package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each timeline's import calls, in the plan's table, take a byte (issue #13: a one-to-one view of the consumer shape
 * has about 5 calls; 4 bytes each were 16 MB of a fresh run of 4 M timelines under -Xmx256m, and of its planning); a
 * large group's thousands of calls stay exact, kept and read back as before (the kept header still holds ints).
 */
class TimelineCallsColumnTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void callsTakeAByteATimelineAndLargeCountsStayExact() {
        List<RawMessage> history = new ArrayList<>(PlannerBoundsSpillTest.oneToOne(7, 60_000, 20_000));
        for (int i = 0; i < 1_000; i++) {
            history.add(RawMessage.builder().id("big" + i).fromUserId("u" + i % 50).groupId("big").messageType(1)
                    .bodyMessage("g" + i).sendMessageTime(NOW - 86_400_000L + i).build());
        }
        Plan plan = PlannerBoundsSpillTest.planner(Long.MAX_VALUE, 16).plan(new ListSource(history, "list"), NOW,
                r -> {});
        TimelineTable table = plan.timelineTable();
        int timelines = table.size();
        assertThat(timelines).isGreaterThan(100_000);
        assertThat(table.calls().bytes() / (double) timelines).isLessThan(1.1);
        int big = table.numberOf("g:big");
        assertThat(big).isNotNegative();
        assertThat(table.callsAt(big)).isEqualTo(1_000);

        InMemoryPlanStore store = new InMemoryPlanStore();
        KeptPlan.keep(store, "key", plan);
        TimelineTable back = KeptPlan.find(store, "key", plan.fingerprint()).plan().timelineTable();
        assertThat(back.size()).isEqualTo(timelines);
        for (int i = 0; i < timelines; i++) {
            assertThat(back.callsAt(i)).as("timeline %d", i).isEqualTo(table.callsAt(i));
        }
        assertThat(back.calls().bytes() / (double) timelines).isLessThan(1.1);
    }
}
