package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code CreateGroup} (create-a-group.yaml); {@code CreateGroupTime} may be back-dated to the oldest message. */
public record CreateGroupRequest(
        @JsonProperty("GroupId") String groupId,
        @JsonProperty("GroupOwner") String groupOwner,
        @JsonProperty("GroupName") String groupName,
        @JsonProperty("UserId") List<String> userIds,
        @JsonProperty("CreateGroupTime") Long createGroupTime) {
    public static final int MAX_MEMBERS = 100;
}
