package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kept plan's header format 2 (issue 15, P6 users shape): its timelines and users written as they sit in memory
 * and read back as arrays; format 1 (each key as text) still read; the key, which a journal's fingerprint check does
 * not involve but which decides whether a kept plan is used, unchanged.
 */
class KeptTablesTest {
    private static final long NOW = 1_732_000_000_000L;

    /** Groups, one-to-one views (some hidden for one side), a rejected record. */
    private static List<RawMessage> history(int n) {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId("u" + (i % 37)).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + (i * 7919L % 1000) * 1000);
            if (i % 4 == 0) {
                b.groupId("g" + (i % 5));
            } else {
                b.toUserId("r" + ((i + 1) % 41)).hiddenFor(i % 7 == 0 ? List.of("u" + (i % 37)) : null);
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

    /** Each timeline as "key calls first last peer", in number order, and each look-up by key and by users. */
    private static List<String> timelines(Plan plan) {
        TimelineTable t = plan.timelineTable();
        List<String> out = new ArrayList<>();
        t.forEachBounds((i, first, last) -> {
            assertThat(t.numberOf(t.keyAt(i))).isEqualTo(i);
            assertThat(t.isKeyOf(i, t.keyAt(i))).isTrue();
            out.add(t.keyAt(i) + " " + t.callsAt(i) + " " + first + " " + last + " " + t.isPeerAt(i));
        });
        assertThat(out).hasSize(t.size());
        return out;
    }

    /** The store's plan kept under {@code header}, with {@code plan}'s messages and index. */
    private static InMemoryPlanStore keptWith(byte[] header, Plan plan) {
        InMemoryPlanStore store = new InMemoryPlanStore();
        SkipIndex.Builder index = new SkipIndex.Builder();
        try (PlanStore.Draft d = store.draft(header)) {
            for (byte[] r : records(plan)) {
                index.add(r);
                d.write(r);
            }
            d.commit(index.encode());
        }
        return store;
    }

    /** With {@code sameNumbers}, the users keep their numbers too (format 1 numbered them as its timelines came). */
    private static void assertSamePlan(Plan kept, Plan plan, boolean sameNumbers) {
        assertThat(kept).usingRecursiveComparison().ignoringFields("messages", "timelines", "users", "groups")
                .isEqualTo(plan);
        assertThat(timelines(kept)).containsExactlyElementsOf(timelines(plan));
        if (sameNumbers) {
            assertThat(List.copyOf(kept.users())).containsExactlyElementsOf(List.copyOf(plan.users()));
            for (UserId u : plan.users()) {
                assertThat(kept.timelineTable().userNumber(u.value()))
                        .isEqualTo(plan.timelineTable().userNumber(u.value()));
            }
        } else {
            assertThat(List.copyOf(kept.users())).containsExactlyInAnyOrderElementsOf(List.copyOf(plan.users()));
        }
        List<String> keptGroups = new ArrayList<>();
        kept.groups().values().forEach(g -> keptGroups.add(g.groupId() + " " + g.owner() + " " + List.copyOf(g.members())));
        List<String> planned = new ArrayList<>();
        plan.groups().values().forEach(g -> planned.add(g.groupId() + " " + g.owner() + " " + List.copyOf(g.members())));
        assertThat(keptGroups).containsExactlyElementsOf(planned);
        assertThat(records(kept)).containsExactlyElementsOf(records(plan));
    }

    @Test
    void aPlanKeptInFormatTwoReadsBackWithItsTablesAsArrays() {
        Plan plan = plan(history(3000));
        assertThat(plan.users()).hasSizeGreaterThan(70);
        assertThat(plan.timelineTable().size()).isGreaterThan(500);
        byte[] header = KeptPlan.header("k", plan);
        assertThat(ByteBuffer.wrap(header, 4, 4).getInt()).as("the header's format").isEqualTo(2);
        Plan kept = KeptPlan.find(keptWith(header, plan), "k", plan.fingerprint()).plan();
        assertSamePlan(kept, plan, true);
        // Read back, the table goes on numbering: a growth of a followed input adds timelines to it (PlanGrowth).
        int before = kept.timelineTable().size();
        kept.timelineTable().holdBounds(); // as PlanGrowth does before it adds
        kept.timelineTable().saw(new io.zimmigrate.core.model.Timeline.PeerTimeline(new UserId("new"), new UserId("u1")),
                NOW, 1);
        assertThat(kept.timelineTable().size()).isEqualTo(before + 1);
        assertThat(kept.timelineTable().numberOf("p:new\u0000u1")).isEqualTo(before);
        assertThat(kept.timelineTable().callsAt(before)).isEqualTo(1);
        assertThat(kept.timelineTable().numberOf("p:u1\u0000r2")).isEqualTo(plan.timelineTable().numberOf("p:u1\u0000r2"))
                .isNotNegative();
    }

    /** A kept plan of format 1 (kept by the version before) is still read, tables and all, and its key still fits. */
    @Test
    void aPlanKeptInFormatOneIsStillRead() throws IOException {
        Plan plan = plan(history(3000));
        String key = KeptPlan.keyOf(new ListSource(List.of(), "list-1"), RuleSet.defaults()).orElseThrow();
        assertThat(key).as("the key a kept plan of format 1 was kept under").startsWith("format=1|");
        InMemoryPlanStore store = keptWith(formatOneHeader(key, plan), plan);
        KeptPlan.Lookup found = KeptPlan.find(store, key, plan.fingerprint());
        assertThat(found.found()).as(found.reason()).isTrue();
        assertSamePlan(found.plan(), plan, false);
        assertThat(KeptPlan.keptFingerprint(store)).contains(plan.fingerprint());
        Plan previous = KeptPlan.findPrevious(store, plan.fingerprint()).orElseThrow();
        assertThat(records(previous)).containsExactlyElementsOf(records(plan));
        assertThat(previous.timelines()).isEmpty();
    }

    /** A delta run reads only the earlier plan's messages: format 2's tables are skipped at once. */
    @Test
    void aPlanReadForItsMessagesOnlySkipsTheTables() {
        Plan plan = plan(history(500));
        InMemoryPlanStore store = keptWith(KeptPlan.header("k", plan), plan);
        assertThat(KeptPlan.keptFingerprint(store)).contains(plan.fingerprint());
        Plan previous = KeptPlan.findPrevious(store, plan.fingerprint()).orElseThrow();
        assertThat(records(previous)).containsExactlyElementsOf(records(plan));
        assertThat(previous.validMessages()).isEqualTo(plan.validMessages());
        assertThat(previous.peerImports()).isEqualTo(plan.peerImports());
        assertThat(previous.timelines()).isEmpty();
    }

    /**
     * A header whose tables are damaged (a store that checks no checksum) is unreadable, and the run plans again:
     * never an error, never a table of a damaged length allocated.
     */
    @Test
    void aDamagedTableMakesTheKeptPlanUnreadable() throws IOException {
        Plan plan = plan(history(400));
        byte[] header = KeptPlan.header("k", plan);
        int boundsAt = 4 + 4 + (4 + 1) + (4 + plan.fingerprint().getBytes(StandardCharsets.UTF_8).length) + 4 * 8 + 4;
        for (Map.Entry<String, Long> e : plan.rejectionsByRule().entrySet()) {
            boundsAt += 4 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 8;
        }
        boundsAt += 4; // the timelines' count
        int count = plan.timelineTable().size();
        assertThat(ByteBuffer.wrap(header, boundsAt - 4, 4).getInt()).isEqualTo(count);
        int columnsAt = boundsAt + 32 * count;
        ByteArrayOutputStream users = new ByteArrayOutputStream();
        plan.timelineTable().users().ids().writeTo(new DataOutputStream(users));
        int timelinesAt = columnsAt + 8 + users.size();
        assertThat(ByteBuffer.wrap(header, timelinesAt, 4).getInt()).isEqualTo(count);
        int[] damages = {boundsAt - 4, columnsAt, columnsAt + 8, columnsAt + 12, columnsAt + 8 + users.size() - 4,
            timelinesAt, timelinesAt + 4 + 8 * 3};
        for (int at : damages) {
            byte[] damaged = header.clone();
            damaged[at] = (byte) 0x7F;
            KeptPlan.Lookup found = KeptPlan.find(keptWith(damaged, plan), "k", plan.fingerprint());
            assertThat(found.found()).as("damaged at %d", at).isFalse();
            assertThat(found.reason()).contains("unreadable");
        }
    }

    /** The header as format 1 wrote it (the version before this one): each timeline's key and each user as text. */
    private static byte[] formatOneHeader(String key, Plan plan) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(KeptPlan.MAGIC);
        out.writeInt(1);
        PlanIo.writeString(out, key);
        PlanIo.writeString(out, plan.fingerprint());
        out.writeLong(plan.messages().count());
        out.writeLong(plan.recordsRead());
        out.writeLong(plan.rejectedRecords());
        out.writeLong(plan.warnings());
        out.writeInt(plan.rejectionsByRule().size());
        for (Map.Entry<String, Long> e : plan.rejectionsByRule().entrySet()) {
            PlanIo.writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(plan.timelines().size());
        for (Map.Entry<String, Plan.TimelinePlan> e : plan.timelines().entrySet()) {
            PlanIo.writeString(out, e.getKey());
            out.writeLong(e.getValue().calls());
            PlanIo.writeKey(out, e.getValue().first());
            PlanIo.writeKey(out, e.getValue().last());
        }
        out.writeLong(plan.groupConversations());
        out.writeLong(plan.oneToOneConversations());
        out.writeLong(plan.groupImports());
        out.writeLong(plan.peerImports());
        out.writeInt(plan.users().size());
        for (UserId u : plan.users()) {
            PlanIo.writeString(out, u.value());
        }
        out.writeInt(plan.groups().size());
        for (Plan.GroupPlan g : plan.groups().values()) {
            PlanIo.writeString(out, g.groupId().value());
            PlanIo.writeString(out, g.owner().value());
            out.writeLong(g.ownerSendTime());
            out.writeInt(g.members().size());
            for (UserId u : g.members()) {
                PlanIo.writeString(out, u.value());
            }
            out.writeLong(g.oldestSendTime());
        }
        out.writeBoolean(plan.inputWasOrdered());
        out.flush();
        return bytes.toByteArray();
    }
}
