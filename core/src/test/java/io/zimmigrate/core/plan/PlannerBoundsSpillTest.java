package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Planning many one-to-one timelines (issue #13: 2 M conversations among 1 M users are 4 M timelines, and their first
 * and last tasks alone 128 MB): beyond a budget, the timelines' first and last tasks go to the scratch space and are
 * read back merged, and the conversations are counted from the table, not kept in a set of their own. The plan is the
 * same as when all is held: its messages in the same order, every timeline's calls, first and last task, the kept
 * header byte for byte, the conversations counted alike.
 */
class PlannerBoundsSpillTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long DAY = 86_400_000L;

    /** One-to-one messages among {@code users} users, some hidden for one side, a few group and bad ones, shuffled. */
    static List<RawMessage> oneToOne(long seed, int n, int users) {
        Random random = new Random(seed);
        int groups = 1 + random.nextInt(5);
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String from = "u" + random.nextInt(users);
            // Send times on few distinct seconds: ties, ordered by input position.
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId(from).messageType(1).bodyMessage("b" + i)
                    .sendMessageTime(NOW - random.nextInt(29) * DAY - random.nextInt(50) * 1000L);
            if (random.nextInt(20) == 0) {
                b.groupId("g" + random.nextInt(groups));
            } else {
                String to = "u" + random.nextInt(users); // now and then the sender itself: rejected
                b.toUserId(to);
                int hide = random.nextInt(10);
                b.hiddenFor(hide == 0 ? List.of(from) : hide == 1 ? List.of(to) : null);
            }
            out.add(b.build());
        }
        return out;
    }

    static Planner planner(long boundsBytes, int spillSlots) {
        return new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace(), 8_000)
                .taskBounds(boundsBytes, spillSlots);
    }

    private record Bounds(int number, TaskKey first, TaskKey last) {}

    private static List<Bounds> bounds(Plan p) {
        List<Bounds> out = new ArrayList<>();
        p.timelineTable().forEachBounds((i, first, last) -> out.add(new Bounds(i, first, last)));
        return out;
    }

    private static List<String> messages(Plan p) {
        List<String> out = new ArrayList<>();
        try (ScratchSpace.RunReader r = p.messages().read()) {
            while (r.hasNext()) {
                out.add(HexFormat.of().formatHex(r.next()));
            }
        }
        return out;
    }

    /** The unordered user pairs of the plan's one-to-one views: its conversations, each with at least one view. */
    private static long conversations(Plan p) {
        Set<String> pairs = new HashSet<>();
        TimelineTable t = p.timelineTable();
        for (int i = 0; i < t.size(); i++) {
            if (t.isPeerAt(i)) {
                String key = t.keyAt(i);
                int sep = key.indexOf('\u0000', 2);
                String a = key.substring(2, sep);
                String b = key.substring(sep + 1);
                pairs.add(a.compareTo(b) < 0 ? a + '\u0000' + b : b + '\u0000' + a);
            }
        }
        return pairs.size();
    }

    @Test
    void aPlanWhoseTaskBoundsSpillIsTheSameAsOneThatHoldsThem() {
        qt().withExamples(30).forAll(longs().all(), integers().between(1, 3000)).checkAssert((seed, n) -> {
            List<RawMessage> history = oneToOne(seed, n, 2 + new Random(seed).nextInt(300));
            Plan held = planner(Long.MAX_VALUE, BoundsSpill.MAX_SLOTS).plan(new ListSource(history, "list"), NOW,
                    r -> {});
            assertThat(held.timelineTable().spillsBounds()).isFalse();
            byte[] header = KeptPlan.header("key", held);
            List<Bounds> heldBounds = bounds(held);
            List<String> heldMessages = messages(held);
            assertThat(held.oneToOneConversations()).isEqualTo(conversations(held));
            for (long budget : new long[] {0, 32 * 7, 32 * 100}) {
                for (int slots : new int[] {16, 1 << 10}) {
                    Plan spilled = planner(budget, slots).plan(new ListSource(history, "list"), NOW, r -> {});
                    String as = "budget " + budget + ", " + slots + " slots";
                    assertThat(spilled.timelineTable().spillsBounds()).as(as)
                            .isEqualTo(held.timelines().size() > budget / 32);
                    assertThat(KeptPlan.header("key", spilled)).as(as).isEqualTo(header);
                    assertThat(bounds(spilled)).as(as).isEqualTo(heldBounds);
                    assertThat(messages(spilled)).as(as).isEqualTo(heldMessages);
                    assertThat(spilled.oneToOneConversations()).as(as).isEqualTo(held.oneToOneConversations());
                    TimelineTable table = spilled.timelineTable();
                    for (int i = table.size() - 1; i >= 0; i -= 1 + i % 3) { // backwards: blocks read out of order
                        String key = table.keyAt(i);
                        assertThat(spilled.timelines().get(key)).as(as + ", " + key)
                                .isEqualTo(held.timelines().get(key));
                    }
                }
            }
        });
    }

    @Test
    void aOneToOnePlanBeyondItsBudgetHoldsUnderTwentyFiveBytesPerTimeline() {
        List<RawMessage> history = oneToOne(7, 60_000, 20_000);
        Planner heldPlanner = planner(Long.MAX_VALUE, BoundsSpill.MAX_SLOTS);
        Plan held = heldPlanner.plan(new ListSource(history, "list"), NOW, r -> {});
        int timelines = held.timelines().size();
        assertThat(timelines).isGreaterThan(100_000);
        // Before: the identity (8 B), the calls (4 B), the pair slot (6-12 B) and the first and last task (32 B).
        assertThat(heldPlanner.largestTimelineBytes() / (double) timelines).isGreaterThan(50);

        long budget = 256 << 10; // a 64 KiB page of each of the four columns: 8,192 timelines
        int slots = 1 << 12;
        Planner spilling = planner(budget, slots);
        Plan spilled = spilling.plan(new ListSource(history, "list"), NOW, r -> {});
        assertThat(spilled.timelineTable().spillsBounds()).isTrue();
        long besideTimelines = budget + BoundsSpill.bytesOf(slots);
        // The identity, the calls and the pair slot: 18-24 B (the slots are a third to two thirds full).
        assertThat((spilling.largestTimelineBytes() - besideTimelines) / (double) timelines).isLessThan(25);
        assertThat(KeptPlan.header("key", spilled)).isEqualTo(KeptPlan.header("key", held));
        // Once planned, the spill's table is let go: what stays is a block of bounds read back.
        assertThat((spilled.timelineTable().bytes() - budget) / (double) timelines).isLessThan(25);
        System.out.printf("timelines %d: held %.1f B each, spilled %.1f B beside the budget and the spill's table%n",
                timelines, heldPlanner.largestTimelineBytes() / (double) timelines,
                (spilling.largestTimelineBytes() - besideTimelines) / (double) timelines);
    }
}
