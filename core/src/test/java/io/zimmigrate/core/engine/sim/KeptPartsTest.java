package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.PlanGrowth;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a growth kept as one more part of the kept plan ({@code PlanStore#extend}) reads back as the same plan
 * as the grown plan kept whole: the same messages in the same order, the same tables and counters, and a resume that
 * starts anywhere finds the same messages and counts the same calls before them.
 */
class KeptPartsTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final MessageRules RULES = new MessageRules(RuleSet.defaults());

    /** Mostly in time order, some late (a growth's messages then sort among the earlier ones), one invalid in 97. */
    private static List<RawMessage> history(int n) {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long time = NOW - 86_400_000L + i * 1000L - (i % 11 == 0 ? 400_000L : 0);
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId(i % 97 == 5 ? "bad user" : "u" + (i % 3))
                    .messageType(1).bodyMessage("b" + i).sendMessageTime(time);
            if (i % 4 == 0) {
                b.groupId("g" + (i % 5));
            } else {
                b.toUserId("u" + ((i + 1) % 4));
            }
            out.add(b.build());
        }
        return out;
    }

    @Test
    void aPlanKeptInPartsReadsBackAsTheSamePlanKeptWhole() {
        List<RawMessage> all = history(9500);
        int[] cuts = {3000, 3400, 3401, 4200, 4300, 5000, 5500};
        InMemoryPlanStore parts = new InMemoryPlanStore();
        InMemoryPlanStore whole = new InMemoryPlanStore();
        GrowingListSource first = new GrowingListSource(all.subList(0, cuts[0]));
        String key = KeptPlan.keyOf(first, RuleSet.defaults()).orElseThrow();
        Planner planner = new Planner(new InputRules(RULES), new InMemoryScratchSpace(), 2_000);
        Plan plan = planner.plan(first, NOW, r -> {});
        for (InMemoryPlanStore store : List.of(parts, whole)) {
            PlanGrowth.keep(store, key, plan, first.extent().orElseThrow(), planner.fingerprintState(),
                    planner.rejectedIds());
        }
        for (int c = 1; c < cuts.length; c++) {
            GrowingListSource grown = new GrowingListSource(all.subList(0, cuts[c]));
            String fingerprint = null;
            for (InMemoryPlanStore store : List.of(parts, whole)) {
                PlanGrowth.Growable kept = PlanGrowth.find(store, key).orElseThrow();
                PlanGrowth.Grown g = PlanGrowth.grow(kept, grown.appendedSince(kept.extent()).orElseThrow(), RULES,
                        new InMemoryScratchSpace(), NOW, r -> {}, null);
                fingerprint = g.plan().fingerprint();
                if (store == parts) {
                    assertThat(g.compactionDue()).isFalse();
                    assertThat(PlanGrowth.extend(store, key, g, grown.extent().orElseThrow(), false)).isTrue();
                } else {
                    PlanGrowth.keep(store, key, g.plan(), grown.extent().orElseThrow(), g.state(), g.rejectedIds());
                }
            }
            assertThat(parts.parts()).isEqualTo(c + 1);
            assertThat(whole.parts()).isEqualTo(1);
            Plan a = KeptPlan.find(parts, key, fingerprint).plan();
            Plan b = KeptPlan.find(whole, key, fingerprint).plan();
            assertThat(a).as("the plan in %d parts is found", c + 1).isNotNull();
            assertThat(b).isNotNull();
            Plan fresh = new Planner(new InputRules(RULES), new InMemoryScratchSpace(), 2_000).plan(grown, NOW, r -> {});
            assertThat(b.fingerprint()).isEqualTo(fresh.fingerprint());
            assertThat(a.messages().runCount()).isEqualTo(c + 1);
            List<String> records = records(b.messages().read());
            assertThat(records(a.messages().read())).hasSize(records.size()).containsExactlyElementsOf(records);
            assertThat(records).hasSize((int) fresh.validMessages())
                    .containsExactlyElementsOf(records(fresh.messages().read()));
            assertThat(a).usingRecursiveComparison().ignoringFields("messages", "timelines", "users", "groups")
                    .isEqualTo(b);
            assertThat(timelines(a)).isEqualTo(timelines(b));
            List<TaskKey> bounds = new ArrayList<>(List.of(new TaskKey(Long.MIN_VALUE, 0), new TaskKey(Long.MAX_VALUE, 0)));
            try (ScratchSpace.RunReader r = b.messages().read()) {
                for (int i = 0; r.hasNext(); i++) {
                    Message m = MessageCodec.decode(r.next());
                    if (i % 700 == 3 || i == 1024 || i == 1023) {
                        bounds.add(new TaskKey(m.sendTime(), m.ordinal()));
                    }
                }
            }
            for (TaskKey bound : bounds) {
                assertThat(resumed(a, bound)).as("from %s in parts", bound).isEqualTo(resumed(b, bound));
            }
        }
        assertThat(PlanGrowth.compact(parts, key)).as("7 parts, fewer messages than the first").isFalse();
        // A growth past twice what the first part holds is kept whole in the growth itself.
        PlanGrowth.Growable kept = PlanGrowth.find(parts, key).orElseThrow();
        GrowingListSource all9500 = new GrowingListSource(all);
        assertThat(PlanGrowth.grow(kept, all9500.appendedSince(kept.extent()).orElseThrow(), RULES,
                new InMemoryScratchSpace(), NOW, r -> {}, null).compactionDue()).isTrue();
        // One past what the first holds is appended, then compacted after its run: the same plan, whole.
        kept = PlanGrowth.find(parts, key).orElseThrow();
        GrowingListSource grown = new GrowingListSource(all.subList(0, 6500));
        PlanGrowth.Grown g = PlanGrowth.grow(kept, grown.appendedSince(kept.extent()).orElseThrow(), RULES,
                new InMemoryScratchSpace(), NOW, r -> {}, null);
        assertThat(g.compactionDue()).isFalse();
        assertThat(PlanGrowth.extend(parts, key, g, grown.extent().orElseThrow(), false)).isTrue();
        assertThat(parts.parts()).isEqualTo(cuts.length + 1);
        assertThat(PlanGrowth.compact(parts, key)).isTrue();
        assertThat(parts.parts()).isEqualTo(1);
        Plan fresh = new Planner(new InputRules(RULES), new InMemoryScratchSpace(), 2_000).plan(grown, NOW, r -> {});
        Plan compacted = KeptPlan.find(parts, key, fresh.fingerprint()).plan();
        assertThat(compacted).isNotNull();
        assertThat(records(compacted.messages().read())).containsExactlyElementsOf(records(fresh.messages().read()));
        assertThat(PlanGrowth.find(parts, key).orElseThrow().extent()).isEqualTo(grown.extent().orElseThrow());
    }

    /** What a resume at {@code bound} reads (the messages from it) and the calls it counts before it. */
    private static List<String> resumed(Plan plan, TaskKey bound) {
        var positioned = plan.messages().readFrom(bound);
        long callsBefore = positioned.callsLeftOut();
        List<String> from = new ArrayList<>();
        try (ScratchSpace.RunReader r = positioned.reader()) {
            while (r.hasNext()) {
                byte[] record = r.next();
                Message m = MessageCodec.decode(record);
                if (new TaskKey(m.sendTime(), m.ordinal()).compareTo(bound) < 0) {
                    assertThat(from).as("skipped records come first").isEmpty();
                    callsBefore += m.timelines().size();
                } else {
                    from.add(HexFormat.of().formatHex(record));
                }
            }
        }
        from.add("calls before " + callsBefore);
        return from;
    }

    private static List<String> records(ScratchSpace.RunReader reader) {
        List<String> out = new ArrayList<>();
        try (reader) {
            reader.forEachRemaining(r -> out.add(HexFormat.of().formatHex(r)));
        }
        return out;
    }

    private static List<String> timelines(Plan plan) {
        TimelineTable t = plan.timelineTable();
        List<String> out = new ArrayList<>();
        t.forEachBounds((i, first, last) -> out.add(t.keyAt(i) + " " + t.callsAt(i) + " " + first + " " + last));
        return out;
    }
}
