package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Body of {@code ImportPeerMsg} (import-one-to-one-messages.yaml); {@code ImportedUserId} names whose view receives it. */
@JsonPropertyOrder({"FromUserId", "ToUserId", "MessageType", "Priority", "MessageBody", "SubMsgType", "SearchedContent",
        "SendMessageTime", "ImportedUserId"})
public record ImportPeerMsgRequest(
        @JsonProperty("FromUserId") String fromUserId,
        @JsonProperty("ToUserId") String toUserId,
        @JsonProperty("MessageType") int messageType,
        @JsonProperty("Priority") int priority,
        @JsonProperty("MessageBody") WireBody messageBody,
        @JsonProperty("SubMsgType") Integer subMsgType,
        @JsonProperty("SearchedContent") String searchedContent,
        @JsonProperty("SendMessageTime") Long sendMessageTime,
        @JsonProperty("ImportedUserId") String importedUserId) {}
