package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.UserId;
import java.util.List;

/**
 * Collects who wrote in a group and when, for CreateGroup: its members in a {@link MemberSet}, or, planning from
 * empty, on the scratch space ({@link MemberSpill}) under the group's number.
 */
final class GroupBuilder {
    private final GroupId id;
    private final MemberSet members;
    private final MemberSpill spill;
    private final int number;
    private UserId owner;
    private long ownerKeyTime = Long.MAX_VALUE;
    private long ownerKeyOrdinal = Long.MAX_VALUE;
    private long oldest = Long.MAX_VALUE;

    /** The builder of group number {@code number} (numbers come in order: a new one is the next). */
    static GroupBuilder numbered(List<GroupBuilder> groups, int number, GroupId id, UserTable users,
                                 MemberSpill spill) {
        if (number < groups.size()) {
            return groups.get(number);
        }
        if (number != groups.size()) {
            throw new IllegalStateException("group " + id + " numbered " + number + " after " + groups.size());
        }
        GroupBuilder b = spill == null ? new GroupBuilder(id, users) : new GroupBuilder(id, spill, number);
        groups.add(b);
        return b;
    }

    GroupBuilder(GroupId id, UserTable users) {
        this.id = id;
        this.members = new MemberSet(users);
        this.spill = null;
        this.number = -1;
    }

    /** A group whose members go to {@code spill} as group number {@code number}. */
    GroupBuilder(GroupId id, MemberSpill spill, int number) {
        this.id = id;
        this.members = null;
        this.spill = spill;
        this.number = number;
    }

    /** Goes on from an earlier plan's group: an appended message becomes its owner only when sent earlier. */
    GroupBuilder(Plan.GroupPlan earlier) {
        this.id = earlier.groupId();
        this.members = (MemberSet) earlier.members();
        this.spill = null;
        this.number = -1;
        this.owner = earlier.owner();
        this.ownerKeyTime = earlier.ownerSendTime();
        this.ownerKeyOrdinal = Long.MIN_VALUE; // the earlier owner's position comes before any appended one
        this.oldest = earlier.oldestSendTime() == 0 ? Long.MAX_VALUE : earlier.oldestSendTime();
    }

    GroupId id() {
        return id;
    }

    void saw(Message m, int sender) {
        if (spill != null) {
            spill.add(number, sender);
        } else {
            members.addNumber(sender);
        }
        long t = m.sendTime();
        if (t < ownerKeyTime || t == ownerKeyTime && m.ordinal() < ownerKeyOrdinal) {
            owner = m.sender();
            ownerKeyTime = t;
            ownerKeyOrdinal = m.ordinal();
        }
        if (t > 0 && t < oldest) {
            oldest = t;
        }
    }

    /** The group as planned; with a spill, once it is {@link MemberSpill#finish() finished}. */
    Plan.GroupPlan build() {
        return new Plan.GroupPlan(id, owner, ownerKeyTime, spill != null ? spill.members(number) : members,
                oldest == Long.MAX_VALUE ? 0 : oldest);
    }
}
