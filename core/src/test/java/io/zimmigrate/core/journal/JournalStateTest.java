package io.zimmigrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;

class JournalStateTest {

    @Test
    void entriesRoundTripThroughTheirLines() {
        List<JournalEntry> entries = List.of(
                new JournalEntry.Input("abc"),
                new JournalEntry.Input("abc", 1_732_000_000_000L),
                new JournalEntry.RejectedEarlier(12),
                new JournalEntry.Sending("p:a\u0000b", new TaskKey(5, 6)),
                new JournalEntry.Imported("g:g \"1\"", new TaskKey(5, 6), 9),
                new JournalEntry.Rejected("g:x", new TaskKey(0, 1), 660400001, "zim.660400001"),
                new JournalEntry.Provisioned("user:u1"));
        for (JournalEntry e : entries) {
            assertThat(JournalEntry.parse(e.toLine())).contains(e);
        }
    }

    @Test
    void thePlanningInstantAndEveryRejectionSurviveCompaction() {
        InMemoryJournal j = new InMemoryJournal();
        j.append(List.of(new JournalEntry.Input("fp", 1_732_000_000_000L).toLine(),
                new JournalEntry.Rejected("g:x", new TaskKey(1, 1), 660400001, "zim.660400001").toLine(),
                new JournalEntry.Rejected("g:x", new TaskKey(2, 2), 0, "time.retention-expired").toLine(),
                new JournalEntry.Imported("g:x", new TaskKey(3, 3), 1).toLine(),
                new JournalEntry.Rejected("g:y", new TaskKey(1, 4), 660400001, "zim.660400001").toLine()));
        JournalState s = JournalState.replay(j);
        assertThat(s.rejectedTasks()).isEqualTo(3);
        assertThat(JournalSummary.of(j)).isEqualTo(new JournalSummary("fp", 1_732_000_000_000L, 3));
        assertThat(s.plannedAtMillis()).isEqualTo(1_732_000_000_000L);

        InMemoryJournal compact = new InMemoryJournal();
        compact.append(s.compacted());
        JournalState again = JournalState.replay(compact);
        assertThat(again.rejectedTasks()).as("counted once, not lost, not doubled").isEqualTo(3);
        assertThat(JournalSummary.of(compact).rejectedTasks()).isEqualTo(3);
        assertThat(again.plannedAtMillis()).isEqualTo(1_732_000_000_000L);
        InMemoryJournal twice = new InMemoryJournal();
        twice.append(again.compacted());
        assertThat(JournalState.replay(twice).rejectedTasks()).isEqualTo(3);
        assertThat(s.compacted().size()).isLessThanOrEqualTo((int) s.compactedLinesAtMost());
    }

    @Test
    void tornOrForeignLinesAreSkipped() {
        assertThat(JournalEntry.parse("[\"i\",\"g:x\",5")).isEmpty();
        assertThat(JournalEntry.parse("hello")).isEmpty();
        assertThat(JournalEntry.parse("[\"s\",\"g:x\"]")).isEmpty();
    }

    @Test
    void aSendWithoutSettlementIsPending() {
        InMemoryJournal j = new InMemoryJournal();
        j.append(List.of(new JournalEntry.Sending("g:x", new TaskKey(1, 1)).toLine(),
                new JournalEntry.Imported("g:x", new TaskKey(1, 1), 1).toLine(),
                new JournalEntry.Sending("g:x", new TaskKey(2, 2)).toLine()));
        JournalState s = JournalState.replay(j);
        assertThat(s.timeline("g:x").lastSettled()).isEqualTo(new TaskKey(1, 1));
        assertThat(s.timeline("g:x").lastMsgSeq()).isEqualTo(1);
        assertThat(s.timeline("g:x").pendingSend()).isEqualTo(new TaskKey(2, 2));
    }

    /** Compaction keeps exactly what resume needs: the same last settlement, sequence and pending send per timeline. */
    @Test
    void compactedLogReplaysToTheSameState() {
        qt().withExamples(200).forAll(lists().of(integers().between(0, 399)).ofSizeBetween(0, 200)).checkAssert(codes -> {
            InMemoryJournal j = new InMemoryJournal();
            long[] seq = new long[4];
            for (int i = 0; i < codes.size(); i++) {
                int c = codes.get(i);
                String tl = "g:t" + (c % 4);
                TaskKey key = new TaskKey(i / 3, i);
                switch ((c / 4) % 4) {
                    case 0 -> j.append(List.of(new JournalEntry.Sending(tl, key).toLine()));
                    case 1 -> j.append(List.of(new JournalEntry.Imported(tl, key, ++seq[c % 4]).toLine()));
                    case 2 -> j.append(List.of(new JournalEntry.Rejected(tl, key, 2, "zim.2").toLine()));
                    default -> j.append(List.of(new JournalEntry.Provisioned("user:u" + c).toLine()));
                }
            }
            JournalState original = JournalState.replay(j);
            InMemoryJournal compact = new InMemoryJournal();
            compact.append(original.compacted());
            JournalState again = JournalState.replay(compact);
            // What a run's start counts without the state: the same as the state's, before and after compaction.
            assertThat(JournalSummary.of(j)).isEqualTo(new JournalSummary(original.fingerprint(), original.plannedAtMillis(), original.rejectedTasks()));
            assertThat(JournalSummary.of(compact)).isEqualTo(JournalSummary.of(j));
            // The streamed form (what a compaction writes) is the same lines, by iterator, by index and by count.
            List<String> streamed = original.compactForm();
            List<String> iterated = new java.util.ArrayList<>();
            streamed.iterator().forEachRemaining(iterated::add);
            assertThat(iterated).isEqualTo(compact.lines()).hasSize(streamed.size());
            for (int i = streamed.size() - 1; i >= 0; i--) {
                assertThat(streamed.get(i)).isEqualTo(iterated.get(i));
            }
            assertThat(again.timelines().keySet()).isEqualTo(original.timelines().keySet());
            original.timelines().forEach((k, t) -> {
                TimelineProgress u = again.timeline(k);
                assertThat(u.lastSettled()).isEqualTo(t.lastSettled());
                assertThat(u.lastMsgSeq()).isEqualTo(t.lastMsgSeq());
                assertThat(u.pendingSend()).isEqualTo(t.pendingSend());
            });
            for (int c : codes) {
                assertThat(again.isProvisioned("user:u" + c)).isEqualTo(original.isProvisioned("user:u" + c));
            }
        });
    }
}
