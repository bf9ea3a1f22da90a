package io.zimmigrate.core.plan;

import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import java.util.Map;
import java.util.Set;

/**
 * What the planner learned from one pass over a source: the valid messages in send order, what was rejected,
 * the timelines and the import calls they need, who must exist in ZIM first, and a fingerprint of the input
 * so a journal can tell whether it belongs to it.
 *
 * @param timelines each timeline's import calls and its first and last task, by timeline key
 */
public record Plan(
        TimeOrderSorter.Sorted messages,
        long recordsRead,
        long rejectedRecords,
        long warnings,
        Map<String, Long> rejectionsByRule,
        Map<String, TimelinePlan> timelines,
        long groupConversations,
        long oneToOneConversations,
        long groupImports,
        long peerImports,
        Set<UserId> users,
        Map<GroupId, GroupPlan> groups,
        String fingerprint,
        boolean inputWasOrdered) {

    public Plan {
        timelines = numbered(timelines); // so a run's per-timeline state can be columns
    }

    /** A table holding the entries of {@code timelines}, in their order; {@code timelines} itself if it is one. */
    private static TimelineTable numbered(Map<String, TimelinePlan> timelines) {
        if (timelines instanceof TimelineTable t) {
            return t;
        }
        TimelineTable table = new TimelineTable();
        timelines.forEach(table::put);
        return table;
    }

    /** The timelines, numbered: what a run's per-timeline columns are indexed by. */
    public TimelineTable timelineTable() {
        return (TimelineTable) timelines;
    }

    /** Its timelines' and users' numbers with its input's fingerprint: what a journal keyed by it is dense by. */
    public io.zimmigrate.core.journal.JournalNumbering numbering() {
        return new io.zimmigrate.core.journal.JournalNumbering(fingerprint, timelineTable());
    }

    /**
     * Whether its users are its timeline table's own, numbered as the table numbers them (as the planner and a kept
     * plan make them; a plan made of separate maps numbers them apart): what a journal keyed by the table can tell of them.
     */
    public boolean usersNumberedByTable() {
        return users == timelineTable().users();
    }

    public long validMessages() {
        return messages.count();
    }

    public long importCalls() {
        return groupImports + peerImports;
    }

    /**
     * The same plan without its groups, and so without their members (10–18 bytes per membership; the issue's
     * 20,000 groups × 1,000 members are 20 M): for a step that provisions nothing, such as {@code verify} (issue #13).
     */
    public Plan withoutGroups() {
        return new Plan(messages, recordsRead, rejectedRecords, warnings, rejectionsByRule, timelines, groupConversations,
                oneToOneConversations, groupImports, peerImports, users, Map.of(), fingerprint, inputWasOrdered);
    }

    /**
     * One timeline of the plan: how many import calls it takes, and its first and last task. A resumed run uses
     * them to skip, without decoding, the part of the plan the journal already settles.
     */
    public record TimelinePlan(long calls, TaskKey first, TaskKey last) {}

    /** How a group will be created when provisioning: owner, members, and its back-dated creation time. */
    public record GroupPlan(GroupId groupId, UserId owner, long ownerSendTime, Set<UserId> members, long oldestSendTime) {}
}
