package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalKeys;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.journal.TimelineProgress;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.table.IdTable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Journal format 3 (issue 15, P6): a line names its timeline's number in the plan next to the key, so a resume keyed
 * by that plan finds each row without resolving the key's text; the key stays the truth, so a stale number (another
 * plan's numbering: a rebased, grown or renumbered plan, or any number at all) changes nothing.
 */
class NumberedJournalLinesTest {
    private static Timeline timeline(int n) {
        return n % 4 == 0 ? new Timeline.GroupTimeline(new GroupId("g" + n))
                : new Timeline.PeerTimeline(new UserId("u" + n % 7), new UserId((n % 2 == 0 ? "ü" : "v") + n));
    }

    /** A plan of timelines 0 to n - 1, numbered in {@code order}. */
    private static TimelineTable plan(int n, boolean reversed) {
        TimelineTable plan = new TimelineTable();
        for (int i = 0; i < n; i++) {
            int t = reversed ? n - 1 - i : i;
            plan.saw(timeline(t), t, t);
        }
        return plan;
    }

    /** The lines a run keyed by {@code plan} writes for {@code entries} (as its JournalWriter does). */
    private static InMemoryJournal written(TimelineTable plan, List<JournalEntry> entries) {
        JournalState live = new JournalState(plan);
        InMemoryJournal j = new InMemoryJournal();
        for (JournalEntry e : entries) {
            j.append(List.of(e.toLine(live.apply(e, -1))));
        }
        return j;
    }

    private static List<JournalEntry> entries(List<Integer> codes, int timelines) {
        List<JournalEntry> out = new ArrayList<>();
        out.add(new JournalEntry.Input("fp", 7));
        for (int i = 0; i < codes.size(); i++) {
            int c = codes.get(i);
            String tl = timeline(c % timelines).key();
            TaskKey key = new TaskKey(i / 3, i);
            out.add(switch ((c / timelines) % 4) {
                case 0 -> new JournalEntry.Sending(tl, key);
                case 1 -> new JournalEntry.Imported(tl, key, i + 1);
                case 2 -> new JournalEntry.Rejected(tl, key, 2, "zim.2");
                default -> new JournalEntry.AppendLate(tl, new TaskKey(-1, -i));
            });
        }
        return out;
    }

    @Test
    void aLineGivesItsNumberBackAndItsEntryUnchanged() {
        JournalEntry[] entries = {new JournalEntry.Sending("p:a\u0000b", new TaskKey(1, 2)),
            new JournalEntry.Imported("g:x", new TaskKey(3, 4), 5), new JournalEntry.Rejected("g:x", new TaskKey(3, 4), 0, "compacted"),
            new JournalEntry.AppendLate("g:\"y", new TaskKey(6, 7))};
        int[] number = {-2};
        for (JournalEntry e : entries) {
            assertThat(JournalEntry.parse(e.toLine(41), number)).isEqualTo(e);
            assertThat(number[0]).isEqualTo(41);
            assertThat(JournalEntry.parse(e.toLine(), number)).as("a line of format 2").isEqualTo(e);
            assertThat(number[0]).isEqualTo(-1);
            assertThat(e.toLine(41)).isEqualTo(e.toLine().replaceFirst("]$", ",41]"));
        }
        assertThat(new JournalEntry.Provisioned("user:a").toLine(3)).isEqualTo("[\"p\",\"user:a\"]");
    }

    @Test
    void numberedLinesAreReplayedWithoutResolvingAKey() {
        TimelineTable plan = plan(60, false);
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            codes.add(i * 7 % 240);
        }
        InMemoryJournal j = written(plan, entries(codes, 60));
        assertThat(j.lines()).allMatch(l -> l.startsWith("[\"in\"") || l.matches(".*,\\d+]$"));
        Counting counting = new Counting(plan);
        JournalState keyed = JournalState.replay(j, counting);
        assertThat(counting.resolved).as("keys resolved by their text").isZero();
        assertSame(plan, JournalState.replay(j), keyed, counting);
        // Compacted, the lines carry the numbers too.
        InMemoryJournal compact = new InMemoryJournal();
        compact.append(JournalState.replay(j, plan).compacted());
        counting.resolved = 0;
        JournalState fromCompact = JournalState.replay(compact, counting);
        assertThat(counting.resolved).isZero();
        assertSame(plan, JournalState.replay(j), fromCompact, counting);
    }

    /** The key is the truth: whatever number a line gives, it replays to what its key says. */
    @Test
    void staleNumbersAreCaughtByTheKey() {
        qt().withExamples(200).forAll(lists().of(integers().between(0, 959)).ofSizeBetween(0, 120),
                integers().between(1, 40), integers().all()).checkAssert((codes, planned, seed) -> {
            TimelineTable writer = plan(40, false);
            InMemoryJournal j = written(writer, entries(codes, 40));
            SplittableRandom r = new SplittableRandom(seed);
            InMemoryJournal stale = new InMemoryJournal(); // any number: in range or not, another timeline's
            int[] number = {-1};
            for (String line : j.lines()) {
                JournalEntry e = JournalEntry.parse(line, number);
                stale.append(List.of(number[0] < 0 ? line : e.toLine(r.nextInt(45))));
            }
            JournalState byKey = JournalState.replay(j);
            for (TimelineTable reader : List.of(plan(planned, false), plan(planned, true), writer)) {
                assertSame(reader, byKey, JournalState.replay(j, reader), reader); // renumbered, smaller, the same
                assertSame(reader, byKey, JournalState.replay(stale, reader), reader);
            }
        });
    }

    @Test
    void anIdIsComparedInPlace() {
        IdTable t = new IdTable();
        int a = t.add("abc");
        int u = t.add("ü-ß");
        int e = t.add("");
        assertThat(t.textIs(a, "xabcx", 1, 4)).isTrue();
        assertThat(t.textIs(a, "xabx", 1, 3)).isFalse();
        assertThat(t.textIs(a, "abcd", 0, 4)).isFalse();
        assertThat(t.textIs(u, "p:ü-ß", 2, 5)).isTrue();
        assertThat(t.textIs(u, "ü-s", 0, 3)).isFalse();
        assertThat(t.textIs(a, "ü", 0, 1)).isFalse();
        assertThat(t.textIs(e, "x", 0, 0)).isTrue();
        assertThat(t.textIs(e, "x", 0, 1)).isFalse();
        TimelineTable plan = plan(12, false);
        for (int n = 0; n < 12; n++) {
            for (int k = 0; k < 12; k++) {
                assertThat(plan.isKeyOf(n, plan.keyAt(k))).isEqualTo(n == k);
            }
            assertThat(plan.isKeyOf(n, plan.keyAt(n) + "x")).isFalse();
        }
        assertThat(plan.isKeyOf(12, plan.keyAt(0))).isFalse();
        assertThat(plan.isKeyOf(-1, plan.keyAt(0))).isFalse();
    }

    private static void assertSame(TimelineTable plan, JournalState byKey, JournalState keyed, JournalKeys keys) {
        assertThat(keyed.rejectedTasks()).isEqualTo(byKey.rejectedTasks());
        assertThat(keyed.timelines().keySet()).isEqualTo(byKey.timelines().keySet());
        for (String k : byKey.timelines().keySet()) {
            TimelineProgress o = byKey.timeline(k);
            TimelineProgress p = keyed.timeline(k);
            assertThat(p.lastSettled()).as(k).isEqualTo(o.lastSettled());
            assertThat(p.lastMsgSeq()).isEqualTo(o.lastMsgSeq());
            assertThat(p.pendingSend()).isEqualTo(o.pendingSend());
            assertThat(p.firstLateToAppend()).isEqualTo(o.firstLateToAppend());
        }
        for (int n = 0; n < plan.size(); n++) {
            TimelineProgress o = byKey.timeline(plan.keyAt(n));
            TimelineProgress p = keyed.timeline(keys, n);
            assertThat(p == null).isEqualTo(o == null);
            if (p != null) {
                assertThat(p.lastSettled()).isEqualTo(o.lastSettled());
            }
        }
    }

    /** The plan's numbering, counting the keys resolved by their text. */
    private static final class Counting implements JournalKeys {
        private final TimelineTable plan;
        long resolved;

        Counting(TimelineTable plan) {
            this.plan = plan;
        }

        @Override
        public int timelineCount() {
            return plan.timelineCount();
        }

        @Override
        public int timelineNumber(String key) {
            resolved++;
            return plan.timelineNumber(key);
        }

        @Override
        public String timelineKey(int number) {
            return plan.timelineKey(number);
        }

        @Override
        public boolean isKeyOf(int number, String key) {
            return plan.isKeyOf(number, key);
        }

        @Override
        public int userCount() {
            return plan.userCount();
        }

        @Override
        public int userNumber(String userId) {
            return plan.userNumber(userId);
        }

        @Override
        public String userId(int number) {
            return plan.userId(number);
        }
    }
}
