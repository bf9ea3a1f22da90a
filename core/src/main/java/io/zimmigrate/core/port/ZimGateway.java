package io.zimmigrate.core.port;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What ZIM does for a migration, in the migration's own terms: import this message into this timeline, read back a
 * timeline's newest messages, register these users, create this group, add these members to it. How that becomes
 * ZIM's wire requests is the protocol's business ({@link io.zimmigrate.core.gateway.ZimProtocolGateway}), not the engine's.
 *
 * <p>Asynchronous so the engine can keep many timelines in flight; every stage completes normally with an
 * {@link Outcome} (never exceptionally). Each call sends at most one request: a gateway never retries an import by
 * itself, since ZIM has no idempotency key.
 */
public interface ZimGateway extends AutoCloseable {
    /** UserRegister takes at most this many users per call. */
    int MAX_USERS_PER_REGISTRATION = 100;
    /** CreateGroup takes at most this many members besides the owner. */
    int MAX_GROUP_MEMBERS = 100;
    /** InviteUsersIntoGroup takes at most this many users per call (and ZIM allows one call per second per group). */
    int MAX_USERS_PER_INVITATION = 100;

    /** Imports {@code message} into {@code timeline}, one of {@link Message#timelines() its timelines}. */
    CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline);

    /** Reads up to {@code limit} of a timeline's messages, newest first, from {@code next} (0: the newest). */
    CompletionStage<Outcome<MessagePage>> readBack(Timeline timeline, int limit, long next);

    /** Registers 1 to {@value #MAX_USERS_PER_REGISTRATION} users; those ZIM could not register are listed, not failed. */
    CompletionStage<Outcome<Registration>> registerUsers(List<UserId> users);

    CompletionStage<Outcome<GroupCreation>> createGroup(NewGroup group);

    /**
     * Adds 1 to {@value #MAX_USERS_PER_INVITATION} users to an existing group at once (no consent asked); those ZIM
     * could not add are listed, not failed. Safe to repeat: a member added twice is still one member.
     */
    CompletionStage<Outcome<Invited>> inviteUsers(Invitation invitation);

    /** Releases what the gateway owns (never what its caller handed in). */
    @Override
    default void close() {}

    /**
     * A group to create: its owner, up to {@value #MAX_GROUP_MEMBERS} other members, and when it was created (epoch
     * ms, e.g. its oldest message, so imported history is not older than the group; 0 for "now").
     */
    record NewGroup(GroupId id, String name, UserId owner, List<UserId> members, long createdAt) {
        public NewGroup {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(owner, "owner");
            members = List.copyOf(members);
        }
    }

    /**
     * Users to add to an existing group, by {@code inviter} (a registered user, e.g. the owner), entering it at
     * {@code enteredAt} (epoch ms, back-dated like the group's creation; 0 for "now").
     */
    record Invitation(GroupId group, UserId inviter, List<UserId> users, long enteredAt) {
        public Invitation {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(inviter, "inviter");
            users = List.copyOf(users);
            if (users.isEmpty() || users.size() > MAX_USERS_PER_INVITATION) {
                throw new IllegalArgumentException("an invitation takes 1 to " + MAX_USERS_PER_INVITATION
                        + " users, not " + users.size());
            }
        }
    }

    /** InviteUsersIntoGroup's partial result: the users it could not add. */
    record Invited(List<UserRefused> refused) {
        public Invited {
            refused = refused == null ? List.of() : List.copyOf(refused);
        }
    }

    /** ZIM's receipt for an imported message: its place in the timeline, and for peer imports its message ID. */
    record ImportReceipt(long msgSeq, String msgId) {}

    /**
     * UserRegister's partial result: the users it could not register (already registered ones are not refused).
     */
    record Registration(List<UserRefused> refused) {
        public Registration {
            refused = refused == null ? List.of() : List.copyOf(refused);
        }
    }

    /**
     * CreateGroup's result: the group, {@code alreadyExisted} when ZIM answered 660600011, and the members it could
     * not add.
     */
    record GroupCreation(GroupId groupId, boolean alreadyExisted, List<UserRefused> refusedMembers) {
        public GroupCreation {
            Objects.requireNonNull(groupId, "groupId");
            refusedMembers = refusedMembers == null ? List.of() : List.copyOf(refusedMembers);
        }
    }

    /** One page of a timeline, newest first; {@code next} is 0 when there is nothing more. */
    record MessagePage(List<ReadMessage> messages, long next) {
        public MessagePage {
            messages = messages == null ? List.of() : List.copyOf(messages);
        }
    }
}
