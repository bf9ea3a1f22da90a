package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TimelineProgress;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A journal state keyed by the plan's numbering (issue #13: the plan keeps the keys, the state only its columns)
 * says exactly what the state that keeps its own keys says, for timelines and users the plan has and for those it
 * lacks (a timeline of another export, a group, a user it never saw); its compact form replays to the same state.
 */
class PlanKeyedJournalStateTest {
    /** Timeline {@code n}: one-to-one views among a few users (and a NUL-free odd ID), or a group. */
    static Timeline timeline(int n) {
        return n % 3 == 0 ? new Timeline.GroupTimeline(new GroupId("g" + n % 7))
                : new Timeline.PeerTimeline(new UserId("u" + n % 5), new UserId("ü" + n % 11));
    }

    static String subject(int n) {
        return n % 4 == 0 ? "group:g" + n % 7 : "user:" + (n % 2 == 0 ? "u" : "ü") + n % 13;
    }

    @Test
    void keyedByThePlanItSaysWhatTheUnkeyedStateSays() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 999)).ofSizeBetween(0, 150),
                integers().between(0, 40)).checkAssert((codes, planned) -> {
            TimelineTable plan = new TimelineTable();
            for (int n = 0; n < planned; n++) { // the plan has timelines 0..planned-1, the journal names 0..79
                plan.saw(timeline(n), n, n);
            }
            InMemoryJournal j = new InMemoryJournal();
            j.append(List.of(new JournalEntry.Input("fp", 7).toLine()));
            for (int i = 0; i < codes.size(); i++) {
                int c = codes.get(i);
                String tl = timeline(c % 80).key();
                TaskKey key = new TaskKey(i / 3, i);
                j.append(List.of(switch ((c / 80) % 5) {
                    case 0 -> new JournalEntry.Sending(tl, key).toLine();
                    case 1 -> new JournalEntry.Imported(tl, key, i + 1).toLine();
                    case 2 -> new JournalEntry.Rejected(tl, key, 2, "zim.2").toLine();
                    case 3 -> new JournalEntry.AppendLate(tl, new TaskKey(-1, -i)).toLine();
                    default -> new JournalEntry.Provisioned(subject(c)).toLine();
                }));
            }
            JournalState own = JournalState.replay(j);
            JournalState keyed = JournalState.replay(j, plan);
            assertSame(own, keyed);
            assertSameByNumber(plan, own, keyed);
            assertThat(keyed.lineCount()).isEqualTo(own.lineCount());

            InMemoryJournal compact = new InMemoryJournal();
            compact.append(keyed.compacted());
            assertThat(new HashSet<>(withoutNumbers(plan, compact.lines()))).as("the same lines, in the plan's order")
                    .isEqualTo(new HashSet<>(own.compacted()));
            assertThat(keyed.compacted().size()).isLessThanOrEqualTo((int) keyed.compactedLinesAtMost());
            assertSame(own, JournalState.replay(compact, plan));
        });
    }

    @Test
    void aViewMadeForAPlannedTimelineIsNamedFromThen() {
        TimelineTable plan = new TimelineTable();
        plan.saw(timeline(1), 1, 1);
        plan.saw(timeline(2), 2, 2);
        JournalState keyed = new JournalState(plan);
        assertThat(keyed.timelines()).isEmpty();
        assertThat(keyed.timeline(timeline(2).key())).isNull();
        keyed.progressOf(timeline(2).key());
        assertThat(keyed.timelines()).containsOnlyKeys(timeline(2).key());
        keyed.apply(new JournalEntry.Imported(timeline(2).key(), new TaskKey(2, 2), 5));
        assertThat(keyed.timeline(timeline(2).key()).lastMsgSeq()).isEqualTo(5);
        assertThat(keyed.timeline(timeline(1).key())).isNull();
    }

    /** What the keying is for: the per-timeline and per-user bytes of a resume of one-to-one timelines. */
    @Test
    void keyedByThePlanTheStateKeepsNoKeys() {
        UserTable users = new UserTable();
        TimelineTable plan = new TimelineTable(users);
        int conversations = 50_000;
        for (int c = 0; c < conversations; c++) {
            UserId a = new UserId("user" + c);
            UserId b = new UserId("user" + (c + 1));
            plan.saw(new Timeline.PeerTimeline(a, b), c, c);
            plan.saw(new Timeline.PeerTimeline(b, a), c, c);
        }
        JournalState own = new JournalState();
        JournalState keyed = new JournalState(plan);
        for (JournalState s : List.of(own, keyed)) {
            for (int t = 0; t < plan.size(); t++) {
                s.apply(new JournalEntry.Imported(plan.keyAt(t), new TaskKey(t, t), t + 1));
            }
            for (int u = 0; u < users.size(); u++) {
                s.apply(new JournalEntry.Provisioned("user:" + users.id(u)));
            }
        }
        double ownPerTimeline = (double) own.bytes() / plan.size();
        double keyedPerTimeline = (double) keyed.bytes() / plan.size();
        assertThat(keyed.provisionedCount()).isEqualTo(own.provisionedCount()).isEqualTo(users.size());
        assertThat(keyedPerTimeline).as("columns only: settled time (8 B), ordinal, sequence (4 B each), flags")
                .isLessThan(18.5); // 16.25 B a row, and the last page's unused rows at this size; was 28 B (issue #13)
        assertThat(ownPerTimeline).as("with the keys and subjects as text").isGreaterThan(70);
    }

    /** The lines as format 2 wrote them, once each number is found to be the plan's for its line's timeline. */
    private static List<String> withoutNumbers(TimelineTable plan, List<String> lines) {
        List<String> out = new java.util.ArrayList<>();
        int[] number = {-1};
        for (String line : lines) {
            JournalEntry e = JournalEntry.parse(line, number);
            String key = e instanceof JournalEntry.Sending x ? x.timeline() : e instanceof JournalEntry.Imported x
                    ? x.timeline() : e instanceof JournalEntry.Rejected x ? x.timeline()
                    : e instanceof JournalEntry.AppendLate x ? x.timeline() : null;
            assertThat(number[0]).as(line).isEqualTo(key == null ? -1 : plan.numberOf(key));
            out.add(e.toLine());
        }
        return out;
    }

    /** By the plan's number (a resume's read-ahead), each state says what the unkeyed one says by the key. */
    private static void assertSameByNumber(TimelineTable plan, JournalState own, JournalState keyed) {
        assertThat(keyed.timeline(plan, -1)).isNull();
        for (int n = 0; n < plan.size(); n++) {
            TimelineProgress o = own.timeline(plan.keyAt(n));
            for (TimelineProgress p : new TimelineProgress[] {keyed.timeline(plan, n), own.timeline(plan, n)}) {
                if (o == null) {
                    assertThat(p).isNull();
                    continue;
                }
                assertThat(p.lastSettled()).isEqualTo(o.lastSettled());
                assertThat(p.lastMsgSeq()).isEqualTo(o.lastMsgSeq());
                assertThat(p.pendingSend()).isEqualTo(o.pendingSend());
                assertThat(p.firstLateToAppend()).isEqualTo(o.firstLateToAppend());
            }
        }
    }

    static void assertSame(JournalState own, JournalState keyed) {
        assertThat(keyed.fingerprint()).isEqualTo(own.fingerprint());
        assertThat(keyed.rejectedTasks()).isEqualTo(own.rejectedTasks());
        assertThat(keyed.provisionedCount()).isEqualTo(own.provisionedCount());
        assertThat(keyed.timelines().keySet()).isEqualTo(own.timelines().keySet());
        assertThat(keyed.timelines()).hasSameSizeAs(own.timelines());
        for (int n = 0; n < 90; n++) {
            String k = timeline(n).key();
            TimelineProgress o = own.timeline(k);
            TimelineProgress p = keyed.timeline(k);
            assertThat(keyed.timelines().containsKey(k)).isEqualTo(o != null);
            if (o == null) {
                assertThat(p).isNull();
                continue;
            }
            assertThat(p.lastSettled()).isEqualTo(o.lastSettled());
            assertThat(p.lastMsgSeq()).isEqualTo(o.lastMsgSeq());
            assertThat(p.pendingSend()).isEqualTo(o.pendingSend());
            assertThat(p.firstLateToAppend()).isEqualTo(o.firstLateToAppend());
        }
        for (int n = 0; n < 60; n++) {
            assertThat(keyed.isProvisioned(subject(n))).isEqualTo(own.isProvisioned(subject(n)));
        }
    }
}
