package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeptPlanTest {
    private static final long NOW = 1_732_000_000_000L;

    private static List<RawMessage> history(int n) {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId("u" + (i % 3)).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + (i * 7919L % 1000) * 1000);
            if (i % 4 == 0) {
                b.groupId("g" + (i % 5));
            } else {
                b.toUserId("u" + ((i + 1) % 3)).hiddenFor(i % 7 == 0 ? List.of("u" + (i % 3)) : null);
            }
            out.add(b.build());
        }
        out.add(RawMessage.builder().id("bad").fromUserId("bad user").toUserId("u1").messageType(1).bodyMessage("x")
                .sendMessageTime(NOW - 1000).build());
        return out;
    }

    private static Plan plan(List<RawMessage> records) {
        return new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace(), 2_000)
                .plan(new ListSource(records, "list-1"), NOW, r -> {});
    }

    private static List<byte[]> records(Plan plan) {
        List<byte[]> out = new ArrayList<>();
        try (ScratchSpace.RunReader r = plan.messages().read()) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    /** Each timeline as "key calls first last", in number order, its bounds as {@code forEachBounds} gives them. */
    private static List<String> timelines(Plan plan) {
        TimelineTable t = plan.timelineTable();
        List<String> out = new ArrayList<>();
        t.forEachBounds((i, first, last) -> out.add(t.keyAt(i) + " " + t.callsAt(i) + " " + first + " " + last));
        assertThat(out).hasSize(t.size());
        return out;
    }

    @Test
    void aKeptPlanComesBackWithEveryCounterAndEveryMessage() {
        Plan plan = plan(history(3000));
        assertThat(plan.messages().runCount()).as("sorted on scratch in several runs").isGreaterThan(1);
        InMemoryPlanStore store = new InMemoryPlanStore();
        KeptPlan.keep(store, "k", plan);

        KeptPlan.Lookup found = KeptPlan.find(store, "k", plan.fingerprint());
        assertThat(found.found()).as(found.reason()).isTrue();
        Plan kept = found.plan();
        assertThat(kept).usingRecursiveComparison().ignoringFields("messages", "timelines").isEqualTo(plan);
        // The kept table holds calls only; the first and last tasks are streamed from the kept header (issue #13).
        assertThat(timelines(kept)).containsExactlyElementsOf(timelines(plan));
        assertThat(kept.timelineTable().bytes()).isLessThan(plan.timelineTable().bytes());
        assertThat(kept.messages().count()).isEqualTo(plan.messages().count());
        assertThat(records(kept)).containsExactlyElementsOf(records(plan));
        assertThat(kept.rejectedRecords()).isEqualTo(1);
    }

    /**
     * A resume holds no group's members (issue #13: 20,000 groups × 1,000 members are 20 M memberships): the kept
     * plan reads them from its header each time its groups are iterated (provisioning), one group at a time, and
     * they are the planner's, in its order.
     */
    @Test
    void aKeptPlansGroupsAreReadFromItsHeaderWhenIteratedNotHeld() throws Exception {
        List<RawMessage> records = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            records.add(RawMessage.builder().id("m" + i).fromUserId("g" + (i % 40) + "u" + (i % 97)).groupId("g" + (i % 40))
                    .messageType(1).bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + i * 1000L).build());
        }
        Plan plan = plan(records);
        InMemoryPlanStore inner = new InMemoryPlanStore();
        KeptPlan.keep(inner, "k", plan);
        int[] headerReads = {0};
        PlanStore store = new PlanStore() {
            @Override
            public java.util.Optional<Stored> find() {
                Stored s = inner.find().orElseThrow();
                return java.util.Optional.of(new Stored() {
                    public byte[] header() { return s.header(); }
                    public java.io.InputStream headerStream() throws java.io.IOException {
                        headerReads[0]++;
                        return s.headerStream();
                    }
                    public byte[] footer() { return s.footer(); }
                    public ScratchSpace.Run messages() { return s.messages(); }
                });
            }
            public Draft draft(byte[] header) { return inner.draft(header); }
            public void discard() { inner.discard(); }
        };
        Plan kept = KeptPlan.find(store, "k", plan.fingerprint()).plan();
        int afterFind = headerReads[0];

        assertThat(kept.groups()).hasSize(40).isInstanceOf(KeptGroups.class);
        assertThat(headerReads[0]).as("its size is known without reading").isEqualTo(afterFind);
        for (int pass = 1; pass <= 2; pass++) {
            List<String> keptGroups = new ArrayList<>();
            kept.groups().values().forEach(g -> keptGroups.add(g.groupId() + " " + g.owner() + " " + g.ownerSendTime()
                    + " " + List.copyOf(g.members()) + " " + g.oldestSendTime()));
            List<String> planned = new ArrayList<>();
            plan.groups().values().forEach(g -> planned.add(g.groupId() + " " + g.owner() + " " + g.ownerSendTime()
                    + " " + List.copyOf(g.members()) + " " + g.oldestSendTime()));
            assertThat(keptGroups).containsExactlyElementsOf(planned);
            assertThat(headerReads[0]).as("read from the header again, pass %d", pass).isEqualTo(afterFind + pass);
        }
        assertThat(plan.groups().values().iterator().next().members()).hasSizeGreaterThan(1);
        // A growth of the input extends the groups: it reads the plan with them (PlanGrowth).
        assertThat(KeptPlan.withTrailer(inner).plan().groups()).isNotInstanceOf(KeptGroups.class).hasSize(40);
    }

    @Test
    void aPlanKeptUnderAnotherKeyOrForAnotherJournalIsNotUsed() {
        Plan plan = plan(history(50));
        InMemoryPlanStore store = new InMemoryPlanStore();
        assertThat(KeptPlan.find(store, "k", plan.fingerprint()).reason()).isEqualTo("no plan is kept");
        KeptPlan.keep(store, "k", plan);
        assertThat(KeptPlan.find(store, "other", plan.fingerprint()).found()).isFalse();
        assertThat(KeptPlan.find(store, "other", plan.fingerprint()).reason()).contains("changed");
        assertThat(KeptPlan.find(store, "k", "another-fingerprint").found()).isFalse();
        assertThat(KeptPlan.find(store, "k", "another-fingerprint").reason()).contains("not the one this journal");
    }

    /** A delta run asks whose plan is kept before planning, and decodes it only after (issue 15: heap). */
    @Test
    void theKeptPlansFingerprintIsReadWithoutDecodingThePlan() {
        Plan plan = plan(history(50));
        InMemoryPlanStore store = new InMemoryPlanStore();
        assertThat(KeptPlan.keptFingerprint(store)).isEmpty();
        KeptPlan.keep(store, "k", plan);
        assertThat(KeptPlan.keptFingerprint(store)).contains(plan.fingerprint());
        Plan previous = KeptPlan.findPrevious(store, KeptPlan.keptFingerprint(store).orElseThrow()).orElseThrow();
        // A delta run reads only the earlier plan's messages: its tables are read past, not kept.
        assertThat(records(previous)).containsExactlyElementsOf(records(plan));
        assertThat(previous.validMessages()).isEqualTo(plan.validMessages());
        assertThat(previous.timelines()).isEmpty();
    }

    @Test
    void aDamagedKeptPlanIsNotUsed() {
        Plan plan = plan(history(50));
        byte[] header = KeptPlan.header("k", plan);
        for (int cut : new int[] {0, 3, 9, header.length / 2, header.length - 1}) {
            InMemoryPlanStore store = new InMemoryPlanStore();
            try (PlanStore.Draft d = store.draft(java.util.Arrays.copyOf(header, cut))) {
                records(plan).forEach(d::write);
                d.commit(new byte[0]);
            }
            assertThat(KeptPlan.find(store, "k", plan.fingerprint()).found()).as("header cut at %d", cut).isFalse();
        }
        InMemoryPlanStore noIndex = new InMemoryPlanStore();
        try (PlanStore.Draft d = noIndex.draft(header)) {
            records(plan).forEach(d::write);
            d.commit(new byte[] {1, 2, 3});
        }
        assertThat(KeptPlan.find(noIndex, "k", plan.fingerprint()).reason()).contains("unreadable");
    }

    @Test
    void theKeyChangesWithTheSourceIdentityAndEveryRule() {
        ListSource source = new ListSource(List.of(), "id-1");
        RuleSet d = RuleSet.defaults();
        String key = KeptPlan.keyOf(source, d).orElseThrow();
        assertThat(KeptPlan.keyOf(new ListSource(List.of(), "id-2"), d)).get().isNotEqualTo(key);
        assertThat(KeptPlan.keyOf(source, d.withRetentionDays(7))).get().isNotEqualTo(key);
        assertThat(KeptPlan.keyOf(source, d.withMaxMessageBytes(4096))).get().isNotEqualTo(key);
        assertThat(KeptPlan.keyOf(source, d.withMultiItem(true))).get().isNotEqualTo(key);
        assertThat(KeptPlan.keyOf(source, d.withIds(io.zimmigrate.core.rules.IdRules.allowingSpace()))).get()
                .isNotEqualTo(key);
        assertThat(KeptPlan.keyOf(new ListSource(List.of()), d)).as("no identity, nothing kept").isEmpty();
    }

    /**
     * Starting at the block the index names never leaves out a message at or after the bound, and the calls it says
     * it left out are exactly those of the messages before the start.
     */
    @Test
    void theSkipIndexLeavesOutOnlyMessagesBeforeTheBoundAndCountsTheirCalls() {
        qt().withExamples(60).forAll(integers().between(0, 5000), lists().of(integers().between(0, 6000)).ofSizeBetween(1, 8))
                .checkAssert((n, bounds) -> {
                    Plan plan = plan(history(n));
                    InMemoryPlanStore store = new InMemoryPlanStore();
                    KeptPlan.keep(store, "k", plan);
                    Plan kept = KeptPlan.find(store, "k", plan.fingerprint()).plan();
                    List<byte[]> all = records(plan);
                    for (int b : bounds) {
                        TaskKey bound = b < all.size() ? new TaskKey(MessageCodec.sendTime(all.get(b)),
                                MessageCodec.ordinal(all.get(b))) : new TaskKey(Long.MAX_VALUE, Long.MAX_VALUE);
                        TimeOrderSorter.Sorted.Positioned p = kept.messages().readFrom(bound);
                        List<byte[]> rest = new ArrayList<>();
                        try (ScratchSpace.RunReader r = p.reader()) {
                            r.forEachRemaining(rest::add);
                        }
                        int leftOut = all.size() - rest.size();
                        assertThat(rest).containsExactlyElementsOf(all.subList(leftOut, all.size()));
                        assertThat(Math.min(b, all.size()) - leftOut).as("read from the bound's block")
                                .isBetween(0, SkipIndex.BLOCK);
                        long calls = 0;
                        for (byte[] r : all.subList(0, leftOut)) {
                            calls += MessageCodec.decode(r).timelines().size();
                        }
                        assertThat(p.callsLeftOut()).isEqualTo(calls);
                    }
                });
    }

    @Test
    void timelineCountWithoutDecodingIsTheMessagesTimelines() {
        qt().withExamples(500).forAll(integers().between(0, 2), integers().between(0, 3), integers().between(0, 1))
                .checkAssert((kind, hidden, extras) -> {
                    UserId a = new UserId("alice");
                    UserId b = new UserId(kind == 2 ? "alice" : "bob");
                    Conversation c = kind == 0 ? new Conversation.Group(new io.zimmigrate.core.model.GroupId("g"))
                            : new Conversation.OneToOne(b);
                    Set<UserId> hiddenFor = switch (hidden) {
                        case 0 -> Set.of();
                        case 1 -> Set.of(a);
                        case 2 -> Set.of(b);
                        default -> Set.of(a, new UserId("carol"));
                    };
                    Message m = new Message("id", 3, Locator.line("f", 1), a, c, NOW, MessageType.TEXT, 2,
                            new MessageBody("hi", extras == 1 ? "ext" : null), null, extras == 1 ? "s" : null,
                            kind == 0 ? Set.of() : hiddenFor);
                    assertThat(MessageCodec.timelineCount(MessageCodec.encode(m))).isEqualTo(m.timelines().size());
                    // A resume's skip of settled one-to-one messages reads their views' keys without decoding.
                    String[] keys = MessageCodec.peerTimelineKeys(MessageCodec.encode(m));
                    if (kind == 0) {
                        assertThat(keys).isNull();
                    } else {
                        assertThat(keys).containsExactlyElementsOf(
                                m.timelines().stream().map(io.zimmigrate.core.model.Timeline::key).toList());
                    }
                });
    }
}
