package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code QueryPeerMsg}: {@code FromUserId}'s view of the conversation with {@code ToUserId}, newest first. */
public record QueryPeerMsgRequest(
        @JsonProperty("FromUserId") String fromUserId,
        @JsonProperty("ToUserId") String toUserId,
        @JsonProperty("Limit") int limit,
        @JsonProperty("Next") long next,
        @JsonProperty("WithEmptyMsg") Integer withEmptyMsg) {}
