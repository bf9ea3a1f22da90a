package io.zimmigrate.core.engine;

import com.google.common.collect.Iterators;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.port.ZimGateway;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One group's way into ZIM, everyone who wrote in it included: CreateGroup with the owner and the first
 * {@value ZimGateway#MAX_GROUP_MEMBERS} other members, then InviteUsersIntoGroup for the rest,
 * {@value ZimGateway#MAX_USERS_PER_INVITATION} at a time, in the plan's order of members. The members are read from the
 * plan's set as the batches are made, never copied whole (a group's set may be read from a kept plan's header).
 *
 * <p>What the journal says about a group, as {@code Provisioned} subjects:
 * <ul>
 *   <li>{@code group:ID}: the group is in ZIM with every member when it has at most 100 others; with more, it was
 *       created with the first 100 (so a journal written before invitations existed, where a big group's line meant
 *       only that, resumes by inviting the others);</li>
 *   <li>{@code members:N:ID}: the first N other members are in (written after each invitation, and only while no
 *       member was refused, so a resume starts at the first batch not known to be in);</li>
 *   <li>the group is done when both say so: {@code group:ID} and, with more than 100 others,
 *       {@code members:<all>:ID}.</li>
 * </ul>
 * When CreateGroup finds the group already there (a retry after a lost answer, a fresh journal, a group made by
 * someone else) nothing says its members were added, so they are all invited, and {@code group:ID} is written at the
 * end.
 */
final class GroupEnrolment {
    private final Plan.GroupPlan group;
    private final UserId owner;
    private final int others;
    private final JournalState history;
    private Iterator<UserId> membersLeft;
    /** Other members in the plan's order before this index are in ZIM (or were sent, while a batch is out). */
    private int next;
    /** The first {@link #known} other members are in, as the journal says or will say. */
    private int known;
    private boolean createdJournaled;
    /** No member was refused so far: progress may still be written. */
    private boolean clean = true;
    /**
     * The group was found already there: nothing says its owner is in (a group made by someone else, or one whose
     * owner a later export changed: an older message), so the owner is invited too: with the last batch, or alone
     * when that one is full.
     */
    private boolean ownerToInvite;
    private boolean ownerOut;

    GroupEnrolment(Plan.GroupPlan group, UserId owner, JournalState history) {
        this.group = group;
        this.owner = owner;
        this.history = history;
        this.others = group.members().size() - (group.members().contains(owner) ? 1 : 0);
        this.createdJournaled = history.isProvisioned(subject());
        this.known = progress();
    }

    GroupId id() {
        return group.groupId();
    }

    String subject() {
        return "group:" + group.groupId().value();
    }

    static String membersSubject(int count, GroupId group) {
        return "members:" + count + ":" + group.value();
    }

    /** How many of them, first in the plan's order, the journal knows to be in. */
    int known() {
        return known;
    }

    /** Nothing left to do: created, and every other member known to be in. */
    boolean done() {
        return createdJournaled && known >= others;
    }

    /** The first members with the owner: whom CreateGroup adds, back-dated to the oldest message. */
    ZimGateway.NewGroup creation() {
        List<UserId> first = new ArrayList<>(Math.min(others, ZimGateway.MAX_GROUP_MEMBERS));
        Iterators.addAll(first, Iterators.limit(others(), ZimGateway.MAX_GROUP_MEMBERS));
        return new ZimGateway.NewGroup(group.groupId(), group.groupId().value(), owner, first, group.oldestSendTime());
    }

    /**
     * CreateGroup is done: invitations start after the first 100 if it created the group, else at the first member
     * the journal does not know to be in. Answers whether {@code group:ID} is to be journaled now.
     */
    boolean created(boolean alreadyExisted) {
        if (!alreadyExisted) {
            known = Math.max(known, Math.min(others, ZimGateway.MAX_GROUP_MEMBERS));
        }
        ownerToInvite = alreadyExisted;
        startAt(known);
        boolean journalNow = !alreadyExisted && !createdJournaled;
        createdJournaled |= journalNow;
        return journalNow;
    }

    /** Whether CreateGroup is still to be called (the journal does not say we created the group). */
    boolean needsCreation() {
        return !createdJournaled;
    }

    /** Resuming a group the journal says was created: invitations start at the first member not known to be in. */
    void resumeInvitations() {
        startAt(known);
    }

    boolean hasMoreToInvite() {
        return next < others || ownerToInvite;
    }

    /** The next batch of up to 100 members to invite, entering at the group's creation time (decisions.md). */
    ZimGateway.Invitation nextInvitation() {
        if (next >= others && ownerToInvite) {
            ownerOut = true;
            return new ZimGateway.Invitation(group.groupId(), ownersInviter(), List.of(owner), group.oldestSendTime());
        }
        int from = next;
        List<UserId> batch = new ArrayList<>(ZimGateway.MAX_USERS_PER_INVITATION);
        while (batch.size() < ZimGateway.MAX_USERS_PER_INVITATION && membersLeft.hasNext()) {
            batch.add(membersLeft.next());
        }
        next += batch.size();
        if (ownerToInvite && from > 0 && !membersLeft.hasNext() && batch.size() < ZimGateway.MAX_USERS_PER_INVITATION) {
            batch.add(owner); // with the last batch when it has room, invited by a member of an earlier one
            ownerToInvite = false;
            return new ZimGateway.Invitation(group.groupId(), ownersInviter(), batch, group.oldestSendTime());
        }
        return new ZimGateway.Invitation(group.groupId(), owner, batch, group.oldestSendTime());
    }

    /**
     * Who invites the owner: ZIM removes the operator ({@code FromUserId}) from its own invitation
     * (add-group-members.yaml), so not the owner but the first other member, registered like every writer and in the
     * group by the time (the owner goes with a later batch, or alone after the last). A group whose only writer is its
     * owner has nobody else to name: that call adds nobody (issue 15, decisions.md).
     */
    private UserId ownersInviter() {
        Iterator<UserId> o = others();
        return o.hasNext() ? o.next() : owner;
    }

    /**
     * The batch just sent is answered; {@code refused} of its users were not added. Answers the progress subject to
     * journal, or null once a member was refused (a resume then invites again from the first refused batch).
     */
    String invited(int refused) {
        clean &= refused == 0;
        if (ownerOut) { // no progress line: group:ID, written when the group completes, says the owner is in
            ownerOut = false;
            ownerToInvite = false;
            return null;
        }
        if (!clean) {
            return null;
        }
        known = next;
        return membersSubject(known, group.groupId());
    }

    /** Every member was sent; answers whether the group is complete ({@code group:ID} journaled, if not yet). */
    boolean finished() {
        return clean && known >= others;
    }

    /** The group is complete and the journal does not say {@code group:ID} yet (it was found already there). */
    boolean completes() {
        boolean write = finished() && !createdJournaled;
        createdJournaled |= write;
        return write;
    }

    private Iterator<UserId> others() {
        return othersOf(group, owner);
    }

    /** {@code group}'s members but {@code owner}, in the plan's order. */
    static Iterator<UserId> othersOf(Plan.GroupPlan group, UserId owner) {
        return Iterators.filter(group.members().iterator(), m -> !m.equals(owner));
    }

    private void startAt(int index) {
        membersLeft = others();
        next = Iterators.advance(membersLeft, index);
    }

    /**
     * The most other members the journal knows to be in: the first 100 once the group was created by us, then its
     * {@code members:N:ID} lines, N in steps of 100 up to all (batches always start at a multiple of 100).
     */
    private int progress() {
        int in = createdJournaled ? Math.min(others, ZimGateway.MAX_GROUP_MEMBERS) : 0;
        while (in < others) {
            int n = Math.min(others, in + ZimGateway.MAX_USERS_PER_INVITATION);
            if (!history.isProvisioned(membersSubject(n, group.groupId()))) {
                break;
            }
            in = n;
        }
        return in;
    }
}
