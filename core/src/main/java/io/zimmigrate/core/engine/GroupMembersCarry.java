package io.zimmigrate.core.engine;

import com.google.common.collect.Iterators;
import io.zimmigrate.core.journal.JournalCarryOver;
import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.port.ZimGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries what a journal knows of each group's members over to a new plan of the same groups (a delta's or a
 * growth's), before the journal is rewritten for it, so that the writers the new plan adds are invited before their
 * messages go, and nobody the journal counted is skipped.
 *
 * <p>The journal says it by position in a plan's order of members ({@link GroupEnrolment}): {@code group:ID} means the
 * owner and the first 100 others are in, {@code members:N:ID} the first N others. A new plan may order the members
 * otherwise (a new export lists a new writer first), put new writers among the first 100 (a small group that gets one
 * more writer, a group of 90 that passes 100), or pick another owner (an older message): the earlier positions would
 * then name other people. So each group's record is rewritten in the new plan's positions: the longest run of the new
 * plan's others, from its first, that the earlier record knows to be in, down to a batch boundary; its invitations
 * resume after that run (an earlier member after it is invited again: ZIM keeps a member once). When the run does not
 * reach past the first 100, or the new owner is not known to be in, the group's record is dropped: its CreateGroup
 * then finds the group there and every writer is invited ({@link GroupEnrolment}'s "already exists" path).
 *
 * <p>Streamed: one group's members at a time, the earlier group walked side by side with the new one; only from where
 * their orders part are the earlier group's known members held in a set. Groups the journal says nothing of are not
 * read at all (a run without {@code --provision} costs nothing).
 */
final class GroupMembersCarry {
    private static final String GROUP = "group:";
    private static final String MEMBERS = "members:";

    private GroupMembersCarry() {}

    /**
     * Rewrites {@code state}'s group records from {@code earlier} plan's positions to {@code next}'s. {@code earlier}
     * are the groups of the plan the records were written under, read once in their order (a kept plan's stream from its
     * header); {@code groupOwner} is the
     * run's {@code --group-owner}, or null when each group's first writer owns it.
     */
    static void carry(JournalState state, Map<GroupId, Plan.GroupPlan> earlier, Map<GroupId, Plan.GroupPlan> next,
                      UserId groupOwner) {
        Map<String, List<String>> records = new HashMap<>(); // by group ID: its group: and members: subjects
        for (String subject : JournalCarryOver.provisionedTexts(state)) {
            String id = groupOf(subject);
            if (id != null) {
                records.computeIfAbsent(id, k -> new ArrayList<>()).add(subject);
            }
        }
        if (records.isEmpty()) {
            return;
        }
        Set<String> drop = new HashSet<>();
        List<String> add = new ArrayList<>();
        Iterator<Map.Entry<GroupId, Plan.GroupPlan>> groups = earlier.entrySet().iterator(); // closable: a kept header
        try {
            Set<String> left = new HashSet<>(records.keySet());
            while (!left.isEmpty() && groups.hasNext()) {
                Plan.GroupPlan before = groups.next().getValue();
                String id = before.groupId().value();
                if (left.remove(id) && next.containsKey(before.groupId())) { // a group the new plan lacks: kept as is
                    Plan.GroupPlan now = next.get(before.groupId());
                    drop.addAll(records.get(id));
                    add.addAll(inNewPositions(state, before, now, groupOwner));
                }
            }
            for (String id : left) { // records of a plan before the earlier one: whose positions, nobody knows
                if (next.containsKey(new GroupId(id))) {
                    drop.addAll(records.get(id));
                }
            }
        } finally {
            if (groups instanceof AutoCloseable open) { // a kept plan's header, let go when stopped early
                try {
                    open.close();
                } catch (Exception e) {
                    // read only: nothing to lose
                }
            }
        }
        JournalCarryOver.forgetProvisioned(state, drop::contains);
        add.forEach(s -> state.apply(new JournalEntry.Provisioned(s)));
    }

    /** The subjects that say, in {@code now}'s positions, what {@code state} says of {@code before}'s members. */
    private static List<String> inNewPositions(JournalState state, Plan.GroupPlan before, Plan.GroupPlan now,
                                               UserId groupOwner) {
        String id = now.groupId().value();
        if (!state.isProvisioned(GROUP + id)) {
            return List.of(); // found already there, its invitations under way: all of them again
        }
        UserId ownerBefore = groupOwner != null ? groupOwner : before.owner();
        UserId ownerNow = groupOwner != null ? groupOwner : now.owner();
        GroupEnrolment record = new GroupEnrolment(before, ownerBefore, state);
        int known = record.known();
        boolean ownerIn = ownerNow.equals(ownerBefore)
                || Iterators.contains(Iterators.limit(GroupEnrolment.othersOf(before, ownerBefore), known), ownerNow);
        int others = now.members().size() - (now.members().contains(ownerNow) ? 1 : 0);
        int run = knownRun(GroupEnrolment.othersOf(before, ownerBefore), known, ownerBefore,
                GroupEnrolment.othersOf(now, ownerNow));
        int created = Math.min(others, ZimGateway.MAX_GROUP_MEMBERS);
        if (!ownerIn || run < created) {
            return List.of(); // CreateGroup again: "already exists", then everyone is invited
        }
        List<String> subjects = new ArrayList<>();
        subjects.add(GROUP + id);
        for (int in = created; in < others; ) {
            int n = Math.min(others, in + ZimGateway.MAX_USERS_PER_INVITATION);
            if (n > run) {
                break;
            }
            subjects.add(GroupEnrolment.membersSubject(n, now.groupId()));
            in = n;
        }
        return subjects;
    }

    /**
     * How many of {@code now}'s others, from the first, are known to be in: the owner before, or among the first
     * {@code known} of {@code before}'s others. Side by side while both orders agree; a set of the rest from there.
     */
    static int knownRun(Iterator<UserId> before, int known, UserId ownerBefore, Iterator<UserId> now) {
        Iterator<UserId> in = Iterators.limit(before, known);
        Set<UserId> rest = null;
        int run = 0;
        while (now.hasNext()) {
            UserId m = now.next();
            if (rest == null) {
                UserId b = in.hasNext() ? in.next() : null;
                if (m.equals(b)) {
                    run++;
                    continue;
                }
                rest = new HashSet<>(); // the orders part here
                if (b != null) {
                    rest.add(b);
                }
                in.forEachRemaining(rest::add);
                rest.add(ownerBefore);
            }
            if (!rest.remove(m)) {
                break;
            }
            run++;
        }
        return run;
    }

    /** The group a {@code group:ID} or {@code members:N:ID} subject is about; null for other subjects. */
    static String groupOf(String subject) {
        if (subject.startsWith(GROUP)) {
            return subject.substring(GROUP.length());
        }
        if (subject.startsWith(MEMBERS)) {
            int colon = subject.indexOf(':', MEMBERS.length());
            return colon < 0 ? null : subject.substring(colon + 1);
        }
        return null;
    }
}
