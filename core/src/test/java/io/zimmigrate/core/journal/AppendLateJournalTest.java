package io.zimmigrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Late messages to append at the end of their timeline ({@code --late=append}, issue 15) in the journal. */
class AppendLateJournalTest {
    private static final String G = "g:x";

    @Test
    void theEntryRoundTripsThroughItsLine() {
        JournalEntry e = new JournalEntry.AppendLate("p:a\u0000b", new TaskKey(5, 6));
        assertThat(JournalEntry.parse(e.toLine())).contains(e);
        assertThat(JournalEntry.parse("[\"a\",\"g:x\",5]")).as("torn").isEmpty();
    }

    @Test
    void aLateKeyBelowTheSettledOneIsUnsettledUntilImported() {
        JournalState s = replay(new JournalEntry.Imported(G, new TaskKey(100, 7), 3),
                new JournalEntry.AppendLate(G, new TaskKey(50, 9)),
                new JournalEntry.AppendLate(G, new TaskKey(40, 8)));
        TimelineProgress p = s.timeline(G);
        assertThat(p.isSettled(new TaskKey(50, 9))).isFalse();
        assertThat(p.isSettled(new TaskKey(40, 8))).isFalse();
        assertThat(p.isSettled(new TaskKey(50, 1))).as("other keys below stay settled").isTrue();
        assertThat(p.firstLateToAppend()).isEqualTo(new TaskKey(40, 8));

        s.apply(new JournalEntry.Sending(G, new TaskKey(40, 8)));
        assertThat(p.pendingSend()).as("a late send may land: it is pending").isEqualTo(new TaskKey(40, 8));
        s.apply(new JournalEntry.Imported(G, new TaskKey(40, 8), 4));
        assertThat(p.pendingSend()).isNull();
        assertThat(p.isSettled(new TaskKey(40, 8))).isTrue();
        assertThat(p.lastSettled()).as("the settled key does not move back").isEqualTo(new TaskKey(100, 7));
        assertThat(p.lastMsgSeq()).isEqualTo(4);
        s.apply(new JournalEntry.Rejected(G, new TaskKey(50, 9), 660400001, "zim.660400001"));
        assertThat(p.isSettled(new TaskKey(50, 9))).isTrue();
        assertThat(p.firstLateToAppend()).isNull();
    }

    @Test
    void compactionKeepsLateKeysAndALateSendStillPending() {
        JournalState s = replay(new JournalEntry.Input("fp", 1),
                new JournalEntry.Imported(G, new TaskKey(100, 7), 3),
                new JournalEntry.AppendLate(G, new TaskKey(40, 8)),
                new JournalEntry.AppendLate(G, new TaskKey(50, 9)),
                new JournalEntry.Sending(G, new TaskKey(40, 8)));
        List<String> compact = s.compacted();
        assertThat(compact.size()).isLessThanOrEqualTo((int) s.compactedLinesAtMost());
        InMemoryJournal j = new InMemoryJournal();
        j.append(compact);
        TimelineProgress p = JournalState.replay(j).timeline(G);
        assertThat(p.pendingSend()).isEqualTo(new TaskKey(40, 8));
        assertThat(p.isSettled(new TaskKey(50, 9))).isFalse();
        assertThat(p.lastSettled()).isEqualTo(new TaskKey(100, 7));
        assertThat(p.lastMsgSeq()).isEqualTo(3);
    }

    @Test
    void aJournalWithoutTheEntryReadsAsBefore() {
        JournalState s = replay(new JournalEntry.Imported(G, new TaskKey(100, 7), 3));
        assertThat(s.timeline(G).firstLateToAppend()).isNull();
        assertThat(s.timeline(G).isSettled(new TaskKey(40, 8))).isTrue();
        assertThat(s.compacted()).noneMatch(line -> line.startsWith("[\"a\""));
    }

    private static JournalState replay(JournalEntry... entries) {
        InMemoryJournal j = new InMemoryJournal();
        j.append(java.util.Arrays.stream(entries).map(JournalEntry::toLine).toList());
        return JournalState.replay(j);
    }
}
