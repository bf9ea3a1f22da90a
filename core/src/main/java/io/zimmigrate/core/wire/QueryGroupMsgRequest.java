package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code QueryGroupMsg}: a page of a group's messages, newest first; {@code Next} is 0 on the first call. */
public record QueryGroupMsgRequest(
        @JsonProperty("GroupId") String groupId,
        @JsonProperty("Limit") int limit,
        @JsonProperty("Next") long next,
        @JsonProperty("WithEmptyMsg") Integer withEmptyMsg) {}
