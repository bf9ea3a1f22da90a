package io.zimmigrate.core.plan;

import static io.zimmigrate.core.plan.PlanKeyedJournalStateTest.assertSame;
import static io.zimmigrate.core.plan.PlanKeyedJournalStateTest.subject;
import static io.zimmigrate.core.plan.PlanKeyedJournalStateTest.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalCompaction;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalNumbering;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Journal format 4's dense compact form (issue 15, P6): a state keyed by a known plan compacts the timelines that plan
 * numbers into a line per 4,096 by number, and the subjects provisioned into a line per 1,000; replayed under that plan it is the state it
 * was made of, under another plan it is read by key through the plan it was written under, and without that plan
 * (or under a numbering the header's sample does not match) it is refused, never placed by guesswork.
 */
class DenseJournalFormTest {

    /** A journal of {@code codes} (as the format 3 property test makes them) and the plan numbering timelines 0..planned-1. */
    private static InMemoryJournal journal(List<Integer> codes) {
        InMemoryJournal j = new InMemoryJournal();
        j.append(List.of(new JournalEntry.Input("fp", 7).toLine()));
        for (int i = 0; i < codes.size(); i++) {
            int c = codes.get(i);
            String tl = timeline(c % 80).key();
            TaskKey key = new TaskKey(1_700_000_000_000L + i / 3 * 1000, i);
            j.append(List.of(switch ((c / 80) % 6) {
                case 0 -> new JournalEntry.Sending(tl, key).toLine();
                case 1, 5 -> new JournalEntry.Imported(tl, key, i + 1).toLine();
                case 2 -> new JournalEntry.Rejected(tl, key, 2, "zim.2").toLine();
                case 3 -> new JournalEntry.AppendLate(tl, new TaskKey(-1, -i)).toLine();
                default -> new JournalEntry.Provisioned(subject(c)).toLine();
            }));
        }
        return j;
    }

    private static TimelineTable plan(int planned, boolean reversed) {
        TimelineTable plan = new TimelineTable();
        for (int n = 0; n < planned; n++) {
            plan.saw(timeline(reversed ? planned - 1 - n : n), n, n);
        }
        return plan;
    }

    private static boolean dense(List<String> lines) {
        return lines.stream().anyMatch(l -> l.startsWith("[\"dh\","));
    }

    @Test
    void theDenseFormReplaysToTheStateItWasMadeOf() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 2000)).ofSizeBetween(0, 150),
                integers().between(0, 40)).checkAssert((codes, planned) -> {
            InMemoryJournal j = journal(codes);
            JournalState own = JournalState.replay(j);
            TimelineTable plan = plan(planned, false);
            JournalNumbering numbering = new JournalNumbering("fp", plan);
            JournalState keyed = JournalState.replay(j, numbering, null);
            assertSame(own, keyed);

            List<String> compact = keyed.compacted();
            assertThat(dense(compact)).as("dense when the plan numbers a timeline").isEqualTo(planned > 0);
            assertThat(compact.size()).isLessThanOrEqualTo((int) keyed.compactedLinesAtMost());
            InMemoryJournal compacted = new InMemoryJournal();
            compacted.append(compact);
            JournalState again = JournalState.replay(compacted, numbering, null);
            assertSame(own, again);
            assertThat(again.compacted()).as("a fixed point").isEqualTo(compact);

            // Under another numbering of the same timelines (a delta's new plan): by key, through the plan written under.
            TimelineTable other = plan(planned, true);
            JournalState byKey = JournalState.replay(compacted, new JournalNumbering("fp2", other), numbering);
            assertSame(own, byKey);
            assertSame(own, JournalState.replay(compacted, new JournalNumbering("fp2", TimelineTable.empty()), numbering));
            if (dense(compact)) {
                assertThatThrownBy(() -> JournalState.replay(compacted, new JournalNumbering("fp2", other), null))
                        .as("without the plan it was written under").isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("numbered by the plan of input fp");
                assertThatThrownBy(() -> JournalState.replay(compacted))
                        .as("nor under no plan at all").isInstanceOf(IllegalStateException.class);
            }
        });
    }

    @Test
    void aNumberingOfTheSameFingerprintThatDiffersIsRefusedByTheSample() {
        TimelineTable plan = plan(30, false);
        JournalState s = new JournalState(new JournalNumbering("fp", plan), null);
        s.apply(new JournalEntry.Input("fp", 7));
        for (int n = 0; n < 30; n++) {
            s.apply(new JournalEntry.Imported(plan.keyAt(n), new TaskKey(n, n), n + 1));
        }
        InMemoryJournal compacted = new InMemoryJournal();
        compacted.append(s.compacted());
        assertThatThrownBy(() -> JournalState.replay(compacted, new JournalNumbering("fp", plan(30, true)), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("numbering differs");
    }

    /** One-to-one views of {@code pairs} conversations among users "u0".. (two timelines each) and every user. */
    private static TimelineTable pairs(int pairs) {
        TimelineTable plan = new TimelineTable(new UserTable());
        for (int c = 0; c < pairs; c++) {
            UserId a = new UserId("u" + c);
            UserId b = new UserId("u" + (c + 1));
            plan.saw(new Timeline.PeerTimeline(a, b), c, c);
            plan.saw(new Timeline.PeerTimeline(b, a), c, c);
        }
        return plan;
    }

    @Test
    void twoHundredThousandTimelinesAreFiftyLines() {
        TimelineTable plan = pairs(100_000);
        JournalState s = new JournalState(new JournalNumbering("fp", plan), null);
        s.apply(new JournalEntry.Input("fp", 7));
        for (int u = 0; u < plan.userCount(); u++) {
            s.apply(new JournalEntry.Provisioned("user:" + plan.userId(u)));
        }
        for (int t = 0; t < plan.size(); t++) {
            s.apply(new JournalEntry.Imported(plan.keyAt(t), new TaskKey(1_700_000_000_000L + t * 7L, t / 2), 1 + t % 3));
        }
        s.apply(new JournalEntry.Sending(plan.keyAt(5), new TaskKey(1_800_000_000_000L, 9)));
        List<String> compact = new ArrayList<>(s.compactForm());
        // input, the line that says every user was provisioned (format 5; 101 lines of 1,000 users before), the
        // header, 49 lines of 4,096 timelines, the send in flight
        assertThat(compact).hasSize(1 + 1 + 1 + 49 + 1);
        assertThat(compact.get(1)).isEqualTo("[\"du\",\"fp\"," + plan.userCount() + "]");
        assertThat(compact.size()).isLessThanOrEqualTo((int) s.compactedLinesAtMost());
        assertThat(compact.stream().filter(l -> l.startsWith("[\"dt\",")).mapToLong(String::length).sum())
                .as("under 6 bytes a timeline: its differences from the one before, base64").isLessThan(200_000L * 6);
        InMemoryJournal j = new InMemoryJournal();
        j.append(compact);
        JournalState back = JournalState.replay(j, new JournalNumbering("fp", plan), null);
        assertThat(back.provisionedCount()).isEqualTo(plan.userCount());
        for (int t = 0; t < plan.size(); t += 997) {
            assertThat(back.timeline(plan, t).lastSettled()).isEqualTo(new TaskKey(1_700_000_000_000L + t * 7L, t / 2));
            assertThat(back.timeline(plan, t).lastMsgSeq()).isEqualTo(1 + t % 3);
        }
        assertThat(back.timeline(plan, 5).pendingSend()).isEqualTo(new TaskKey(1_800_000_000_000L, 9));
        assertThat(back.compacted()).isEqualTo(compact);
        // Compacted again after about the slack and a line per timeline named, at most ten times the slack.
        long slack = JournalCompaction.DEFAULT_SLACK_LINES;
        assertThat(JournalCompaction.linesAllowed(back, slack))
                .isEqualTo(2 * back.compactedLinesAtMost() + JournalCompaction.DENSE_SLACK_FACTOR * slack);
    }

    /** A state keyed by {@code plan} (input "fp") that provisioned the users {@code provisioned} says and one group. */
    private static JournalState provisioned(TimelineTable plan, java.util.function.IntPredicate provisioned) {
        JournalState s = new JournalState(new JournalNumbering("fp", plan), null);
        s.apply(new JournalEntry.Input("fp", 7));
        s.apply(new JournalEntry.Provisioned("group:g"));
        for (int u = 0; u < plan.userCount(); u++) {
            if (provisioned.test(u)) {
                s.apply(new JournalEntry.Provisioned("user:" + plan.userId(u)));
            }
        }
        s.apply(new JournalEntry.Imported(plan.keyAt(0), new TaskKey(1, 1), 1));
        return s;
    }

    private static InMemoryJournal log(List<String> lines) {
        InMemoryJournal j = new InMemoryJournal();
        j.append(lines);
        return j;
    }

    @Test
    void everyUserProvisionedIsOneLineThatAResumeReadsWithoutTheirIds() {
        TimelineTable plan = pairs(2500); // 2,501 users
        List<String> compact = provisioned(plan, u -> true).compacted();
        assertThat(compact).filteredOn(l -> l.startsWith("[\"du\",")).containsExactly("[\"du\",\"fp\",2501]");
        assertThat(compact).filteredOn(l -> l.startsWith("[\"dp\",")).as("the group alone").containsExactly("[\"dp\",\"group:g\"]");
        JournalState back = JournalState.replay(log(compact), new JournalNumbering("fp", plan), null);
        assertThat(back.provisionedCount()).isEqualTo(2502);
        for (int u = 0; u < plan.userCount(); u += 7) {
            assertThat(back.isProvisioned("user:" + plan.userId(u))).as("u%d", u).isTrue();
        }
        assertThat(back.isProvisioned("user:u2501")).as("a user the plan lacks").isFalse();
        assertThat(back.isProvisioned("group:g")).isTrue();
        assertThat(back.provisionedEveryUserOf(plan)).as("what a resume's provisioning asks, without a lookup").isTrue();
        assertThat(back.provisionedEveryUserOf(pairs(2500))).as("by another table").isFalse();
        assertThat(back.compacted()).as("a fixed point").isEqualTo(compact);
    }

    @Test
    void aUserNotYetProvisionedKeepsTheUsersByIdAndStaysToProvision() {
        TimelineTable plan = pairs(2500);
        List<String> compact = provisioned(plan, u -> u != 1234).compacted();
        assertThat(compact).noneMatch(l -> l.startsWith("[\"du\","));
        JournalState back = JournalState.replay(log(compact), new JournalNumbering("fp", plan), null);
        assertThat(back.isProvisioned("user:" + plan.userId(1234))).isFalse();
        assertThat(back.isProvisioned("user:" + plan.userId(1235))).isTrue();
        assertThat(back.provisionedCount()).isEqualTo(2501);
        assertThat(back.provisionedEveryUserOf(plan)).as("the provisioning looks at the users again").isFalse();
    }

    @Test
    void anotherPlanReadsEveryUserByIdThroughThePlanItWasWrittenUnderOrRefuses() {
        TimelineTable plan = pairs(2500);
        InMemoryJournal j = log(provisioned(plan, u -> true).compacted());
        // A delta's new plan: users u0..u1999 of the earlier one, in another order, and u9000 new to it.
        TimelineTable next = new TimelineTable(new UserTable());
        next.saw(new Timeline.PeerTimeline(new UserId("u9000"), new UserId("u7")), 0, 0);
        for (int c = 1999; c > 0; c--) {
            next.saw(new Timeline.PeerTimeline(new UserId("u" + c), new UserId("u" + (c - 1))), c, c);
        }
        JournalState delta = JournalState.replay(j, new JournalNumbering("fp2", next), new JournalNumbering("fp", plan));
        assertThat(delta.provisionedCount()).isEqualTo(2502);
        assertThat(delta.isProvisioned("user:u1999")).isTrue();
        assertThat(delta.isProvisioned("user:u2300")).as("kept as text: the new plan lacks it").isTrue();
        assertThat(delta.isProvisioned("user:u9000")).as("new: still to provision").isFalse();
        assertThatThrownBy(() -> JournalState.replay(j, new JournalNumbering("fp2", next), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("numbered by the plan of input fp")
                .hasMessageContaining("2501 users");
    }

    @Test
    void aDamagedDenseLineIsRefused() {
        TimelineTable plan = pairs(3000);
        JournalState s = new JournalState(new JournalNumbering("fp", plan), null);
        s.apply(new JournalEntry.Input("fp", 7));
        for (int t = 0; t < plan.size(); t++) {
            s.apply(new JournalEntry.Imported(plan.keyAt(t), new TaskKey(t, t), 1));
        }
        List<String> compact = new ArrayList<>(s.compactForm());
        int line = 2; // the header, then the first timelines' line
        assertThat(compact.get(line)).startsWith("[\"dt\",0,4096,");
        String good = compact.get(line);
        List<String> damaged = List.of(
                good.substring(0, good.length() - 8) + "\"]", // values cut short
                good.replace(",4096,", ",4000,"), // more values than rows
                good.substring(0, good.length() - 6) + "!!!!\"]", // not base64
                "[\"dt\",0,4096]");
        for (String bad : damaged) {
            List<String> lines = new ArrayList<>(compact);
            lines.set(line, bad);
            InMemoryJournal j = new InMemoryJournal();
            j.append(lines);
            assertThatThrownBy(() -> JournalState.replay(j, new JournalNumbering("fp", plan), null)).as(bad)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("dense journal line is damaged");
        }
        List<String> headless = new ArrayList<>(compact);
        headless.remove(1);
        InMemoryJournal j = new InMemoryJournal();
        j.append(headless);
        assertThatThrownBy(() -> JournalState.replay(j, new JournalNumbering("fp", plan), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before its header");
    }
}
