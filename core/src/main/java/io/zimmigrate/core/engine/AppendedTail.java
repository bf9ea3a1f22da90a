package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.port.ScratchSpace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a timeline stands in ZIM when its read-back is not one ordered run of the plan, for recovery
 * ({@link FreshStart#recover}): a delta run with {@code --late=append} (issue 15) imported late messages at the end
 * of the timeline, so below messages that sort after them. Read from the oldest read-back message to the newest, a
 * message whose plan key is above every one before it is in order; one below is appended. The timeline is settled
 * up to the highest key it holds. When its newest message is an appended one, the delta that appended it was
 * stopped among its late messages (a timeline's late ones go first, in key order, then its new ones): the plan's
 * messages between that one and the settled key that ZIM does not hold are its late ones still to append. Which
 * plan messages ZIM holds is known only for the part read back, and the oldest message read back may itself be an
 * appended one of an earlier delta (it looks in order, with nothing before it): so they are told only once the
 * whole timeline is read back ({@link FreshStart#RECOVER_MAX_PAGES} pages at most). A longer timeline settles them
 * as the journal would have if the delta had rejected them (never a message sent twice; verify lists them missing).
 */
final class AppendedTail {
    /**
     * @param settled     the occurrence (index into the timeline's held plan messages) the timeline is settled up to
     * @param settledPage its place in the read-back (newest first)
     * @param late        the late messages still to append, or null when the timeline does not end in an appended one
     * @param readMore    the timeline ends in an appended message and has older pages: read them to tell which late
     *                    messages are still to append
     */
    record Standing(int settled, int settledPage, LateRange late, boolean readMore) {}

    /**
     * The plan messages of a timeline with keys strictly between {@code after} and {@code before} that ZIM does not
     * hold ({@code held}: the keys of those it does, in that range) are late ones still to append.
     */
    record LateRange(TaskKey after, TaskKey before, Set<TaskKey> held) {}

    private AppendedTail() {}

    /**
     * Places the read-back of one timeline. {@code heldNewestFirst}: the read-back positions (0 the newest) that are
     * messages of this input; {@code occ}: the plan messages they may be, in plan order. A read-back message that
     * repeats others (same sender, type and body) may be several plan messages: it is taken, in a run of appended
     * ones, as the next one not yet placed of that run if there is one, otherwise as the next in order, otherwise
     * as an appended one.
     */
    static Standing place(List<HeldMessages.Occurrence> occ, int[] heldNewestFirst, boolean olderPages,
                          boolean mayReadMore) {
        boolean[] used = new boolean[occ.size()];
        int max = -1;
        int maxPage = -1;
        int lastAppended = -1;
        boolean inRun = false;
        for (int h = heldNewestFirst.length - 1; h >= 0; h--) {
            int page = heldNewestFirst[h];
            int up = -1;
            int down = -1;
            for (int c = 0; c < occ.size(); c++) {
                BitSet held = occ.get(c).held();
                if (used[c] || !held.get(page)) {
                    continue;
                }
                if (c > max && up < 0) {
                    up = c;
                } else if (c < max && down < 0 && c > (inRun ? lastAppended : -1)) {
                    down = c;
                }
            }
            int chosen = inRun && down >= 0 ? down : up >= 0 ? up : down;
            if (chosen < 0) {
                continue; // more read-back copies than plan messages: a copy imported twice, not ours to place
            }
            used[chosen] = true;
            if (chosen > max) {
                max = chosen;
                maxPage = page;
                inRun = false;
            } else {
                lastAppended = chosen;
                inRun = true;
            }
        }
        if (!inRun) {
            return new Standing(max, maxPage, null, false);
        }
        if (olderPages) {
            return new Standing(max, maxPage, null, mayReadMore);
        }
        Set<TaskKey> heldKeys = new java.util.HashSet<>();
        for (int c = lastAppended + 1; c < max; c++) {
            if (used[c]) {
                heldKeys.add(occ.get(c).task());
            }
        }
        return new Standing(max, maxPage, new LateRange(occ.get(lastAppended).task(), occ.get(max).task(), heldKeys),
                false);
    }

    /**
     * The journal lines marking, in each timeline of {@code ranges}, the plan's messages still to append: one pass
     * over the plan, only when some timeline ends in an appended message.
     */
    static List<JournalEntry> stillToAppend(Plan plan, Map<String, LateRange> ranges) {
        List<JournalEntry> out = new ArrayList<>();
        if (ranges.isEmpty()) {
            return out;
        }
        try (ScratchSpace.RunReader reader = plan.messages().read()) {
            while (reader.hasNext()) {
                Message m = MessageCodec.decode(reader.next());
                TaskKey key = new TaskKey(m.sendTime(), m.ordinal());
                for (Timeline t : m.timelines()) {
                    LateRange r = ranges.get(t.key());
                    if (r != null && key.compareTo(r.after()) > 0 && key.compareTo(r.before()) < 0
                            && !r.held().contains(key)) {
                        out.add(new JournalEntry.AppendLate(t.key(), key));
                    }
                }
            }
        }
        return out;
    }
}
