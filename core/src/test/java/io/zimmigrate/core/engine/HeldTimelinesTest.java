package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: how far ZIM holds each timeline during a delta run, in columns by the new plan's timeline number
 * instead of a map of keys (800,000 one-to-one timelines ran a 256 MiB heap out), still saying the same thing.
 */
class HeldTimelinesTest {
    private static final Plan.TimelinePlan ANY = new Plan.TimelinePlan(1, new TaskKey(1, 0), new TaskKey(1, 0));

    private static TimelineTable next(String... keys) {
        TimelineTable t = TimelineTable.empty();
        for (String k : keys) {
            t.put(k, ANY);
        }
        return t;
    }

    @Test
    void holdsWhatTheJournalSettlesThenWhatTheNewExportSaysIsThere() {
        JournalState history = new JournalState();
        history.apply(new JournalEntry.Imported("g1", new TaskKey(100, 5), 7));
        history.apply(new JournalEntry.Imported("gone", new TaskKey(50, 2), 3));
        history.apply(new JournalEntry.Sending("g2", new TaskKey(10, 1))); // in flight only: ZIM holds nothing known
        TimelineTable next = next("g3", "g2", "g1");

        HeldTimelines held = HeldTimelines.of(history, next);
        int g1 = next.numberOf("g1");
        assertThat(held.upTo(g1)).isEqualTo(new TaskKey(100, HeldTimelines.ANY_ORDINAL));
        assertThat(held.upTo(next.numberOf("g2"))).isNull();
        assertThat(held.upTo(next.numberOf("g3"))).isNull();

        held.extend(g1, 100, 4); // the same send time, now with the new plan's ordinal
        held.extend(g1, 90, 9); // earlier: ZIM holds more than that already
        assertThat(held.upTo(g1)).isEqualTo(new TaskKey(100, 4));
        held.extend(next.numberOf("g3"), 20, 1);

        // The conversation that left the export is still held where it was: the rebased journal must say so, and
        // each timeline keeps ZIM's sequence of its last import (the earlier journal state is gone by then).
        List<String> visited = new ArrayList<>();
        held.forEach((key, to, msgSeq) -> visited.add(key + " " + to + " " + msgSeq));
        assertThat(visited).containsExactly("g3 " + new TaskKey(20, 1) + " 0", "g1 " + new TaskKey(100, 4) + " 7",
                "gone " + new TaskKey(50, HeldTimelines.ANY_ORDINAL) + " 3");
    }

    @Test
    void costsTwentyFourBytesPerTimelineOfTheNewPlan() {
        int timelines = 100_000;
        String[] keys = new String[timelines];
        for (int i = 0; i < timelines; i++) {
            keys[i] = "g" + i;
        }
        HeldTimelines held = HeldTimelines.of(new JournalState(), next(keys));
        // Three longs per timeline and the last page's slack; a map of keys was about 150 bytes per timeline.
        assertThat(held.bytes()).isLessThan(24L * timelines + 3 * 8L * 8192 + 1024);
    }

    @Test
    void aStateKeyedByTheNewPlanHandsItsColumnsOverAndTheRebasedStateTakesThemBack() {
        // Issue 15, the users shape: the holds are the earlier state's own columns, and the rebased state's, so
        // 2 M timelines never have two sets of columns alive; they must say what copying them said.
        TimelineTable next = next("g3", "g2", "g1", "g4");
        JournalState keyed = new JournalState(next);
        JournalState own = new JournalState();
        for (JournalState s : List.of(keyed, own)) {
            s.apply(new JournalEntry.Imported("gone", new TaskKey(50, 2), 3)); // a text row in the keyed state
            s.apply(new JournalEntry.Imported("g1", new TaskKey(100, 5), 7));
            s.apply(new JournalEntry.Sending("g2", new TaskKey(10, 1)));
            s.apply(new JournalEntry.Imported("g3", new TaskKey(30, 1), 4));
        }
        HeldTimelines handedOver = HeldTimelines.of(keyed, next);
        HeldTimelines copied = HeldTimelines.of(own, next);
        for (HeldTimelines held : List.of(handedOver, copied)) {
            held.extend(next.numberOf("g4"), 20, 1);
            held.extend(next.numberOf("g3"), 30, 9);
        }
        assertThat(visit(handedOver)).isEqualTo(visit(copied)).containsExactly(
                "g3 " + new TaskKey(30, 9) + " 4", "g1 " + new TaskKey(100, HeldTimelines.ANY_ORDINAL) + " 7",
                "g4 " + new TaskKey(20, 1) + " 0", "gone " + new TaskKey(50, HeldTimelines.ANY_ORDINAL) + " 3");
        assertThat(handedOver.upTo(next.numberOf("g2"))).isNull();

        JournalState taken = new JournalState(next);
        handedOver.giveTo(taken);
        JournalState applied = new JournalState(next);
        copied.forEach((key, to, msgSeq) -> applied.apply(new JournalEntry.Imported(key, to, msgSeq)));
        assertThat(taken.compacted()).containsExactlyInAnyOrderElementsOf(applied.compacted());
        assertThat(taken.timelines()).hasSize(4);
        assertThat(taken.timeline("g2")).isNull();
        assertThat(taken.timeline("g1").lastMsgSeq()).isEqualTo(7);
        assertThat(taken.timeline("gone").lastSettled()).isEqualTo(new TaskKey(50, HeldTimelines.ANY_ORDINAL));
        taken.apply(new JournalEntry.Imported("g2", new TaskKey(11, 1), 1)); // the rebased state goes on as any
        assertThat(taken.timeline("g2").lastSettled()).isEqualTo(new TaskKey(11, 1));
    }

    private static List<String> visit(HeldTimelines held) {
        List<String> visited = new ArrayList<>();
        held.forEach((key, to, msgSeq) -> visited.add(key + " " + to + " " + msgSeq));
        return visited;
    }
}
