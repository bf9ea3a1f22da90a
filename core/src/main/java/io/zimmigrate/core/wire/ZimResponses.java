package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Response bodies of the calls zim-migrate makes. Every one carries {@code Code}, {@code Message}, {@code RequestId}. */
public final class ZimResponses {
    private ZimResponses() {}

    /** Just the common part: enough to classify any answer. */
    public record Common(@JsonProperty("Code") Long code, @JsonProperty("Message") String message,
                         @JsonProperty("RequestId") String requestId) {}

    public record Import(@JsonProperty("Code") long code, @JsonProperty("Message") String message,
                         @JsonProperty("RequestId") String requestId, @JsonProperty("MsgSeq") Long msgSeq,
                         @JsonProperty("MsgId") String msgId) {}

    public record Register(@JsonProperty("Code") long code, @JsonProperty("Message") String message,
                           @JsonProperty("RequestId") String requestId,
                           @JsonProperty("ErrorList") List<RegisterError> errorList) {}

    public record RegisterError(@JsonProperty("UserId") String userId, @JsonProperty("SubCode") long subCode,
                                @JsonProperty("SubMessage") String subMessage) {}

    public record CreateGroup(@JsonProperty("Code") long code, @JsonProperty("Message") String message,
                              @JsonProperty("RequestId") String requestId, @JsonProperty("GroupId") String groupId,
                              @JsonProperty("ErrorUsers") List<ErrorUser> errorUsers) {}

    public record ErrorUser(@JsonProperty("UserId") String userId, @JsonProperty("SubCode") long subCode) {}

    public record Query(@JsonProperty("Code") long code, @JsonProperty("Message") String message,
                        @JsonProperty("RequestId") String requestId, @JsonProperty("Next") long next,
                        @JsonProperty("List") List<QueriedMessage> list) {}

    /** One message as the query APIs return it; for media {@code MsgBody} is URL-encoded snake_case JSON. */
    public record QueriedMessage(@JsonProperty("Sender") String sender, @JsonProperty("MsgType") int msgType,
                                 @JsonProperty("SubMsgType") Integer subMsgType, @JsonProperty("MsgBody") String msgBody,
                                 @JsonProperty("MsgId") long msgId, @JsonProperty("MsgSeq") long msgSeq,
                                 @JsonProperty("Payload") String payload, @JsonProperty("MsgTime") long msgTime,
                                 @JsonProperty("IsEmpty") int isEmpty) {}
}
