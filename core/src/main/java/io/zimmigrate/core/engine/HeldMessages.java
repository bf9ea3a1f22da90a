package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.port.ReadMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which messages of the plan the pages read back from ZIM hold, timeline by timeline: what the fresh-journal guard
 * counts and what recovery lines up. A page message is held when {@link MessageIdentity#match} (reconciliation's
 * one "is this our message?") calls it {@code OURS} for a plan message of that timeline; a lookup by
 * {@link MessageIdentity#candidateKeys} only narrows the comparisons, so the plan is read once whatever its size.
 */
final class HeldMessages {
    /** A plan message of the timeline that ZIM holds: its task, and which page positions (newest first) it is. */
    record Occurrence(TaskKey task, BitSet held) {}

    private final Map<String, List<ReadMessage>> pages;
    private final Map<String, List<Occurrence>> occurrences = new HashMap<>();

    private HeldMessages(Map<String, List<ReadMessage>> pages) {
        this.pages = pages;
    }

    /** Reads the whole plan once and finds, for each timeline of {@code pages}, the plan messages they hold. */
    static HeldMessages find(Plan plan, Map<String, List<ReadMessage>> pages) {
        HeldMessages found = new HeldMessages(pages);
        Map<String, Map<String, List<Integer>>> index = new HashMap<>();
        pages.forEach((timeline, page) -> {
            Map<String, List<Integer>> byKey = new HashMap<>();
            for (int i = 0; i < page.size(); i++) {
                for (String k : MessageIdentity.candidateKeys(page.get(i))) {
                    byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
                }
            }
            index.put(timeline, byKey);
        });
        try (ScratchSpace.RunReader reader = plan.messages().read()) {
            while (reader.hasNext()) {
                Message m = MessageCodec.decode(reader.next());
                String key = null;
                for (Timeline t : m.timelines()) {
                    Map<String, List<Integer>> byKey = index.get(t.key());
                    if (byKey == null) {
                        continue;
                    }
                    key = key != null ? key : MessageIdentity.of(m);
                    found.note(t.key(), m, byKey.getOrDefault(key, List.of()));
                }
            }
        }
        return found;
    }

    private void note(String timeline, Message m, List<Integer> candidates) {
        BitSet held = new BitSet();
        List<ReadMessage> page = pages.get(timeline);
        for (int i : candidates) {
            if (MessageIdentity.match(m, page.get(i)) == MessageIdentity.Match.OURS) {
                held.set(i);
            }
        }
        if (!held.isEmpty()) {
            occurrences.computeIfAbsent(timeline, k -> new ArrayList<>())
                    .add(new Occurrence(new TaskKey(m.sendTime(), m.ordinal()), held));
        }
    }

    /** The plan messages of {@code timeline} that ZIM holds, in plan order. */
    List<Occurrence> of(String timeline) {
        return occurrences.getOrDefault(timeline, List.of());
    }

    /** The page positions (newest first) of {@code timeline} that are messages of this input. */
    BitSet heldPositions(String timeline) {
        BitSet all = new BitSet();
        of(timeline).forEach(o -> all.or(o.held()));
        return all;
    }

    /** The read-back messages of {@code timeline}, newest first. */
    List<ReadMessage> page(String timeline) {
        return pages.getOrDefault(timeline, List.of());
    }
}
