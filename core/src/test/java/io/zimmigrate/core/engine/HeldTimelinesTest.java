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
}
