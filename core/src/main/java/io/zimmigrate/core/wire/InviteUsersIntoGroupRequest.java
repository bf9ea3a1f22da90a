package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code InviteUsersIntoGroup} (add-group-members.yaml): at most 100 users per call, one call per second per
 * group. The spec marks both {@code UserIds} and {@code GroupMemberInfos} required and says ZIM reads
 * {@code UserIds} only when {@code GroupMemberInfos} is empty, so both carry the same users: whichever ZIM reads, the
 * same people join ({@code GroupMemberInfos} adds the back-dated {@code EnterGroupTime}).
 */
public record InviteUsersIntoGroupRequest(
        @JsonProperty("FromUserId") String fromUserId,
        @JsonProperty("GroupId") String groupId,
        @JsonProperty("UserIds") List<String> userIds,
        @JsonProperty("GroupMemberInfos") List<MemberInfo> groupMemberInfos) {
    public static final int MAX_USERS = 100;
    /** {@code IsInvite} 0: the user is put into the group directly, without being asked to agree. */
    public static final int DIRECT = 0;

    public InviteUsersIntoGroupRequest {
        userIds = List.copyOf(userIds);
        groupMemberInfos = List.copyOf(groupMemberInfos);
    }

    /** One user to add; {@code EnterGroupTime} in ms, 0 for "now", never later than now. */
    public record MemberInfo(@JsonProperty("UserId") String userId,
                             @JsonProperty("EnterGroupTime") long enterGroupTime,
                             @JsonProperty("IsInvite") int isInvite) {}
}
