package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Body of {@code ImportGroupMsg} (import-group-messages.yaml). */
@JsonPropertyOrder({"FromUserId", "GroupId", "MessageType", "Priority", "MessageBody", "SubMsgType", "SearchedContent",
        "SendMessageTime"})
public record ImportGroupMsgRequest(
        @JsonProperty("FromUserId") String fromUserId,
        @JsonProperty("GroupId") String groupId,
        @JsonProperty("MessageType") int messageType,
        @JsonProperty("Priority") int priority,
        @JsonProperty("MessageBody") WireBody messageBody,
        @JsonProperty("SubMsgType") Integer subMsgType,
        @JsonProperty("SearchedContent") String searchedContent,
        @JsonProperty("SendMessageTime") Long sendMessageTime) {}
