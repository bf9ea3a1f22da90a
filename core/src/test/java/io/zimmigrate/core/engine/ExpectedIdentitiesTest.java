package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The expected messages of every timeline, from one pass over a plan and an external sort: the same timelines, each
 * with its messages in the plan's order, as grouping them on the heap gives, whether sorted in one buffer, in a few
 * runs, or in more runs than are merged at once ({@link ExpectedIdentities#FAN_IN}: merged in rounds).
 */
class ExpectedIdentitiesTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void givesEveryTimelinesMessagesInThePlansOrderWhateverTheBuffer() {
        for (int seed = 1; seed <= 6; seed++) {
            ScratchSpace scratch = new InMemoryScratchSpace();
            Plan plan = new Planner(new InputRules(new MessageRules(RuleSet.defaults())), scratch)
                    .plan(new ListSource(history(new SplittableRandom(seed))), NOW, r -> {});
            Map<Integer, List<String>> grouped = groupedOnTheHeap(plan);
            for (long buffer : new long[] {Long.MAX_VALUE, 20_000, 0}) {
                try (ExpectedIdentities sorted = ExpectedIdentities.of(plan, scratch, buffer)) {
                    Map<Integer, List<String>> got = new LinkedHashMap<>();
                    while (sorted.hasNext()) {
                        int n = sorted.timeline();
                        assertThat(got).as("timeline %d comes once", n).doesNotContainKey(n);
                        got.put(n, sorted.allOf(n));
                    }
                    assertThat(got).as("seed %d, buffer %d", seed, buffer).containsExactlyEntriesOf(grouped);
                    if (buffer == 0) {
                        assertThat(sorted.runs()).as("a run per message").isGreaterThan(ExpectedIdentities.FAN_IN);
                    } else if (buffer == Long.MAX_VALUE) {
                        assertThat(sorted.runs()).isZero();
                    }
                }
            }
        }
    }

    private static Map<Integer, List<String>> groupedOnTheHeap(Plan plan) {
        Map<Integer, List<String>> grouped = new TreeMap<>();
        try (ScratchSpace.RunReader r = plan.messages().read()) {
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                for (Timeline t : m.timelines()) {
                    grouped.computeIfAbsent(plan.timelineTable().numberOf(t), k -> new ArrayList<>())
                            .add(MessageIdentity.of(m));
                }
            }
        }
        return grouped;
    }

    /** One-to-one messages among 20 users and messages in 5 groups, shuffled; some bodies repeat. */
    private static List<RawMessage> history(SplittableRandom r) {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            RawMessage.Builder b = RawMessage.builder().id("m" + i).messageType(1).bodyMessage("b" + r.nextInt(150))
                    .sendMessageTime(NOW - 86_400_000L + r.nextInt(100_000));
            int from = r.nextInt(20);
            if (r.nextBoolean()) {
                b.fromUserId("u" + from).toUserId("u" + ((from + 1 + r.nextInt(19)) % 20));
            } else {
                b.fromUserId("u" + from).groupId("g" + r.nextInt(5));
            }
            out.add(b.build());
        }
        return out;
    }
}
