package io.zimmigrate.core.gateway;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.InviteUsersIntoGroupRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.QueryPeerMsgRequest;
import io.zimmigrate.core.wire.UserRegisterRequest;
import io.zimmigrate.core.wire.WireBody;
import java.util.List;

/** Turns the port's domain-typed calls into ZIM's wire request records; the protocol's side of the port. */
public final class WireRequests {
    private WireRequests() {}

    public static ImportGroupMsgRequest importGroup(Message m, Timeline.GroupTimeline g) {
        return new ImportGroupMsgRequest(m.sender().value(), g.groupId().value(), m.type().code(), m.priority(),
                body(m), m.subType(), m.searchedContent(), time(m));
    }

    /** One view of a one-to-one conversation: {@code view.owner()} is the user whose history receives it. */
    public static ImportPeerMsgRequest importPeer(Message m, Timeline.PeerTimeline view) {
        Conversation.OneToOne c = (Conversation.OneToOne) m.conversation();
        return new ImportPeerMsgRequest(m.sender().value(), c.recipient().value(), m.type().code(), m.priority(),
                body(m), m.subType(), m.searchedContent(), time(m), view.owner().value());
    }

    public static QueryGroupMsgRequest queryGroup(Timeline.GroupTimeline g, int limit, long next) {
        return new QueryGroupMsgRequest(g.groupId().value(), limit, next, null);
    }

    public static QueryPeerMsgRequest queryPeer(Timeline.PeerTimeline view, int limit, long next) {
        return new QueryPeerMsgRequest(view.owner().value(), view.peer().value(), limit, next, null);
    }

    /** Users are registered under their ID as name (the input carries no names). */
    public static UserRegisterRequest register(List<UserId> users) {
        return new UserRegisterRequest(users.stream()
                .map(u -> new UserRegisterRequest.UserInfo(u.value(), u.value(), null)).toList());
    }

    public static CreateGroupRequest createGroup(ZimGateway.NewGroup g) {
        return new CreateGroupRequest(g.id().value(), g.owner().value(), g.name(),
                g.members().stream().map(UserId::value).toList(), g.createdAt() > 0 ? g.createdAt() : null);
    }

    /** Both lists carry the same users (see {@link InviteUsersIntoGroupRequest}); nobody is asked to agree. */
    public static InviteUsersIntoGroupRequest invite(ZimGateway.Invitation i) {
        List<String> users = i.users().stream().map(UserId::value).toList();
        return new InviteUsersIntoGroupRequest(i.inviter().value(), i.group().value(), users, users.stream()
                .map(u -> new InviteUsersIntoGroupRequest.MemberInfo(u, Math.max(0, i.enteredAt()),
                        InviteUsersIntoGroupRequest.DIRECT))
                .toList());
    }

    private static WireBody body(Message m) {
        return new WireBody(m.body().message(), m.body().extendedData());
    }

    private static Long time(Message m) {
        return m.sendTime() == 0 ? null : m.sendTime();
    }
}
