package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.sim.ListSource;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the journal state a delta run continues from is built from the held columns alone (the earlier journal
 * state is let go after the first pass, to fit 800,000 one-to-one timelines in 256 MiB), and still carries over
 * everything the earlier state said beyond the holds: ZIM's sequence of each timeline's last import, what was
 * provisioned, the earlier rejections, and a send in flight to reconcile.
 */
class DeltaRebaseTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long T0 = NOW - 3_600_000L;

    private static RawMessage group(String id, long time) {
        return RawMessage.builder().id(id).groupId("g1").fromUserId("u1").messageType(1).bodyMessage(id)
                .sendMessageTime(time).build();
    }

    private static Plan plan(List<RawMessage> records, String name) {
        return new Planner(new InputRules(new MessageRules(RuleSet.defaults())), new InMemoryScratchSpace())
                .plan(new ListSource(records, name), NOW, r -> { });
    }

    @Test
    void theRebasedStateKeepsSequencesProvisioningRejectionsAndSendsInFlight() {
        List<RawMessage> earlier = new ArrayList<>(List.of(group("m0", T0), group("m1", T0 + 1000),
                RawMessage.builder().id("m2").toUserId("u2").fromUserId("u1").messageType(1).bodyMessage("m2")
                        .sendMessageTime(T0 + 2000).build()));
        Plan previous = plan(earlier, "earlier");
        List<RawMessage> later = new ArrayList<>(earlier);
        later.add(group("m3", T0 + 3000));
        Plan next = plan(later, "later");
        String g1 = previous.timelines().keySet().stream().filter(k -> !k.startsWith("p:")).findFirst().orElseThrow();
        String u1View = new Timeline.PeerTimeline(new UserId("u1"), new UserId("u2")).key();
        String u2View = new Timeline.PeerTimeline(new UserId("u2"), new UserId("u1")).key();
        TaskKey m2 = previous.timelines().get(u1View).last();

        InMemoryJournal journal = new InMemoryJournal();
        journal.append(List.of(new JournalEntry.Input(previous.fingerprint(), NOW).toLine(),
                new JournalEntry.RejectedEarlier(2).toLine(),
                new JournalEntry.Provisioned("user:u1").toLine(),
                new JournalEntry.Imported(g1, previous.timelines().get(g1).last(), 42).toLine(),
                new JournalEntry.Imported(u1View, m2, 7).toLine(),
                new JournalEntry.Sending(u2View, m2).toLine())); // in flight when the earlier run stopped

        DeltaRebase.Result result = DeltaRebase.rebase(journal, new InMemoryPlanStore(), previous, next, NOW + 5, MigrationListener.NONE,
                LatePolicy.REJECT, DeltaRebase.InFlight.CARRY_OVER);
        JournalState state = result.state();

        assertThat(state.fingerprint()).isEqualTo(next.fingerprint());
        assertThat(state.plannedAtMillis()).isEqualTo(NOW + 5);
        assertThat(state.isProvisioned("user:u1")).isTrue();
        assertThat(state.rejectedTasks()).isEqualTo(2);
        assertThat(state.timeline(g1).lastMsgSeq()).isEqualTo(42);
        assertThat(state.timeline(g1).lastSettled().sendTime()).isEqualTo(T0 + 1000);
        assertThat(state.timeline(g1).isSettled(next.timelines().get(g1).last())).isFalse(); // m3: new
        assertThat(state.timeline(u1View).lastMsgSeq()).isEqualTo(7);
        assertThat(state.timeline(u2View).lastSettled()).isNull();
        assertThat(state.timeline(u2View).pendingSend()).isEqualTo(next.timelines().get(u2View).last());
        assertThat(result.delta().alreadyImported()).isEqualTo(3); // m0, m1 in g1 and m2 in u1's view
        // The compact log it is rewritten to replays to the same state.
        InMemoryJournal rewritten = new InMemoryJournal();
        rewritten.rewrite(state.compactForm());
        assertThat(JournalState.replay(rewritten, next.numbering(), null).compacted()).isEqualTo(state.compacted());
    }

    @Test
    void theRebasedStateKeepsNoTimelineKeyTheNewPlanHolds() {
        // The users shape (2 M one-to-one timelines) did not fit 256 MiB with every key held twice: once in the new
        // plan, once as text in the journal state. Keyed by the new plan, only a timeline it lacks is kept as text.
        List<RawMessage> earlier = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            earlier.add(RawMessage.builder().id("m" + i).fromUserId("u" + i).toUserId("u" + (i + 1_000_001))
                    .messageType(1).bodyMessage("m" + i).sendMessageTime(T0 + i).build());
        }
        Plan previous = plan(earlier, "earlier");
        List<RawMessage> later = new ArrayList<>(earlier.subList(1, earlier.size())); // m0's conversation is gone
        later.add(group("m-new", T0 + 5_000));
        Plan next = plan(later, "later");
        InMemoryJournal journal = new InMemoryJournal();
        List<String> lines = new ArrayList<>(List.of(new JournalEntry.Input(previous.fingerprint(), NOW).toLine()));
        previous.timelines().forEach((key, p) -> lines.add(new JournalEntry.Imported(key, p.last(), 1).toLine()));
        journal.append(lines);

        JournalState state = DeltaRebase.rebase(journal, new InMemoryPlanStore(), previous, next, NOW, MigrationListener.NONE,
                LatePolicy.REJECT, DeltaRebase.InFlight.CARRY_OVER).state();

        InMemoryJournal rewritten = new InMemoryJournal();
        rewritten.rewrite(state.compactForm());
        JournalState keyed = JournalState.replay(rewritten, next.numbering(), null);
        assertThat(keyed.timelines()).hasSize(4_000); // m0's two views, gone from the new export, are still held
        assertThat(state.compacted()).isEqualTo(keyed.compacted());
        // Text keys would be about 20 bytes each more: 80 KB for the 3,998 timelines the new plan numbers.
        assertThat(state.bytes()).isEqualTo(keyed.bytes());
        JournalState asText = JournalState.replay(rewritten, // every key as text: read through the plan, keyed by none
                new io.zimmigrate.core.journal.JournalNumbering("none", io.zimmigrate.core.journal.JournalKeys.NONE),
                next.numbering());
        assertThat(asText.timelines()).hasSize(4_000);
        assertThat(state.bytes()).isLessThan(asText.bytes() - 3_998 * 15L);
    }
}
