package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.UserId;

/** Collects who wrote in a group and when, for CreateGroup. */
final class GroupBuilder {
    private final GroupId id;
    private final MemberSet members;
    private UserId owner;
    private long ownerKeyTime = Long.MAX_VALUE;
    private long ownerKeyOrdinal = Long.MAX_VALUE;
    private long oldest = Long.MAX_VALUE;

    GroupBuilder(GroupId id, UserTable users) {
        this.id = id;
        this.members = new MemberSet(users);
    }

    /** Goes on from an earlier plan's group: an appended message becomes its owner only when sent earlier. */
    GroupBuilder(Plan.GroupPlan earlier) {
        this.id = earlier.groupId();
        this.members = (MemberSet) earlier.members();
        this.owner = earlier.owner();
        this.ownerKeyTime = earlier.ownerSendTime();
        this.ownerKeyOrdinal = Long.MIN_VALUE; // the earlier owner's position comes before any appended one
        this.oldest = earlier.oldestSendTime() == 0 ? Long.MAX_VALUE : earlier.oldestSendTime();
    }

    GroupId id() {
        return id;
    }

    void saw(Message m, int sender) {
        members.addNumber(sender);
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

    Plan.GroupPlan build() {
        return new Plan.GroupPlan(id, owner, ownerKeyTime, members, oldest == Long.MAX_VALUE ? 0 : oldest);
    }
}
