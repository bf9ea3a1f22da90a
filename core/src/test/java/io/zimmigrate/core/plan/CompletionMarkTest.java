package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mark a completing delta's kept plan carries at its header's end (session 15): a plan kept without one (every
 * plan before, and every plan with no completions) reads as before; a marked plan is found, used as it is, and kept
 * again as planned byte for byte what a plan kept as planned is, its growth trailer and all.
 */
class CompletionMarkTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long[] NO_IDS = new long[0];

    private final Planner planner = new Planner(new InputRules(new MessageRules(RuleSet.defaults())),
            new InMemoryScratchSpace(), 2_000);
    private final Plan plan = planner.plan(new ListSource(history(), "list-1"), NOW, r -> {});

    private static List<RawMessage> history() {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId("u" + (i % 3)).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + i * 1000L);
            out.add(i % 4 == 0 ? b.groupId("g" + (i % 5)).build() : b.toUserId("u" + ((i + 1) % 3)).build());
        }
        return out;
    }

    @Test
    void aPlanKeptWithoutAMarkReadsAsBeforeAndIsNotCompleting() {
        InMemoryPlanStore store = new InMemoryPlanStore();
        KeptPlan.keep(store, "k", plan);
        assertThat(store.find().orElseThrow().header()).as("nothing added to a plan with no completions")
                .isEqualTo(KeptPlan.header("k", plan));
        KeptPlan.Lookup found = KeptPlan.find(store, "k", plan.fingerprint());
        assertThat(found.found()).isTrue();
        assertThat(found.completing()).isFalse();
        assertThat(CompletionMark.keepAsPlanned(store, plan.fingerprint())).as("nothing to do").isFalse();
        assertThat(CompletionMark.marks(PlanGrowth.trailer("extent", planner.fingerprintState(), NO_IDS)))
                .as("a growth's trailer is no mark").isFalse();
    }

    @Test
    void aMarkedPlanIsUsedAsItIsThenKeptAgainAsPlanned() {
        Message exported = oneToOne(plan, 7);
        InMemoryPlanStore store = new InMemoryPlanStore();
        KeptPlan.keep(imported(store, exported), "k", plan, CompletionMark.of(List.of(exported)));

        KeptPlan.Lookup found = KeptPlan.find(store, "k", plan.fingerprint());
        assertThat(found.found()).as(found.reason()).isTrue();
        assertThat(found.completing()).isTrue();
        assertThat(bodyOf(found.plan(), exported.id())).as("the imported version, as kept").isEqualTo("imported");

        assertThat(CompletionMark.keepAsPlanned(store, "another fingerprint")).isFalse();
        assertThat(CompletionMark.keepAsPlanned(store, plan.fingerprint())).isTrue();
        InMemoryPlanStore planned = new InMemoryPlanStore();
        KeptPlan.keep(planned, "k", plan);
        assertSame(store, planned);
        assertThat(KeptPlan.find(store, "k", plan.fingerprint()).completing()).isFalse();
    }

    @Test
    void aGrowthsTrailerBeforeTheMarkIsReadAndKept() {
        Message exported = oneToOne(plan, 11);
        byte[] growth = PlanGrowth.trailer("extent-1", planner.fingerprintState(), NO_IDS);
        byte[] mark = CompletionMark.of(List.of(exported));
        byte[] trailer = java.util.Arrays.copyOf(growth, growth.length + mark.length);
        System.arraycopy(mark, 0, trailer, growth.length, mark.length);
        InMemoryPlanStore store = new InMemoryPlanStore();
        KeptPlan.keep(imported(store, exported), "k", plan, trailer);

        assertThat(PlanGrowth.find(store, "k")).as("the growth's trailer read from its start").isPresent()
                .get().extracting(PlanGrowth.Growable::extent).isEqualTo("extent-1");
        assertThat(KeptPlan.find(store, "k", plan.fingerprint()).completing()).isTrue();
        assertThat(CompletionMark.keepAsPlanned(store, plan.fingerprint())).isTrue();
        InMemoryPlanStore planned = new InMemoryPlanStore();
        PlanGrowth.keep(planned, "k", plan, "extent-1", planner.fingerprintState(), NO_IDS);
        assertSame(store, planned);
    }

    /** {@code store}, keeping {@code exported}'s message with the body "imported" (what ZIM holds in one view). */
    private static PlanStore imported(InMemoryPlanStore store, Message exported) {
        byte[] instead = MessageCodec.encode(new Message(exported.id(), exported.ordinal(), exported.locator(),
                exported.sender(), exported.conversation(), exported.sendTime(), exported.type(), exported.priority(),
                new MessageBody("imported", null), exported.subType(), exported.searchedContent(),
                exported.hiddenFor()));
        return new PlanStore() {
            @Override
            public Optional<Stored> find() {
                return store.find();
            }

            @Override
            public Draft draft(byte[] header) {
                return swapping(store.draft(header));
            }

            @Override
            public Draft draft(long length, HeaderWriter header) {
                return swapping(store.draft(length, header));
            }

            @Override
            public void discard() {
                store.discard();
            }

            private Draft swapping(Draft draft) {
                return new Draft() {
                    @Override
                    public void write(byte[] record) {
                        draft.write(MessageCodec.id(record).equals(exported.id()) ? instead : record);
                    }

                    @Override
                    public void commit(byte[] footer) {
                        draft.commit(footer);
                    }

                    @Override
                    public void close() {
                        draft.close();
                    }
                };
            }
        };
    }

    private static Message oneToOne(Plan plan, int nth) {
        try (ScratchSpace.RunReader r = plan.messages().read()) {
            int seen = 0;
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                if (m.conversation() instanceof io.zimmigrate.core.model.Conversation.OneToOne && ++seen == nth) {
                    return m;
                }
            }
        }
        throw new AssertionError("fewer one-to-one messages than " + nth);
    }

    private static String bodyOf(Plan plan, String id) {
        try (ScratchSpace.RunReader r = plan.messages().read()) {
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                if (m.id().equals(id)) {
                    return m.body().message();
                }
            }
        }
        throw new AssertionError(id + " not in the plan");
    }

    /** The same header, footer and messages, byte for byte. */
    private static void assertSame(InMemoryPlanStore store, InMemoryPlanStore expected) {
        PlanStore.Stored a = store.find().orElseThrow();
        PlanStore.Stored b = expected.find().orElseThrow();
        assertThat(a.header()).isEqualTo(b.header());
        assertThat(a.footer()).isEqualTo(b.footer());
        List<byte[]> ra = new ArrayList<>();
        List<byte[]> rb = new ArrayList<>();
        try (ScratchSpace.RunReader r = a.messages().read()) {
            r.forEachRemaining(ra::add);
        }
        try (ScratchSpace.RunReader r = b.messages().read()) {
            r.forEachRemaining(rb::add);
        }
        assertThat(ra).containsExactlyElementsOf(rb);
    }
}
