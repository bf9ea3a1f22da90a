package io.zimmigrate.core.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Response bodies of the calls zim-migrate makes, as ZIM words them. Only {@link AnswerReading} reads them: it turns
 * each into the port's domain results ({@link io.zimmigrate.core.port.ReadMessage},
 * {@link io.zimmigrate.core.port.UserRefused}), so nothing outside the protocol sees ZIM's field names.
 */
final class ZimResponses {
    private ZimResponses() {}

    record Register(@JsonProperty("Code") long code, @JsonProperty("Message") String message,
                    @JsonProperty("RequestId") String requestId,
                    @JsonProperty("ErrorList") List<RegisterError> errorList) {}

    record RegisterError(@JsonProperty("UserId") String userId, @JsonProperty("SubCode") long subCode,
                         @JsonProperty("SubMessage") String subMessage) {}

    record CreateGroup(@JsonProperty("Code") long code, @JsonProperty("Message") String message,
                       @JsonProperty("RequestId") String requestId, @JsonProperty("GroupId") String groupId,
                       @JsonProperty("ErrorUsers") List<ErrorUser> errorUsers) {}

    record Invite(@JsonProperty("Code") long code, @JsonProperty("Message") String message,
                  @JsonProperty("RequestId") String requestId,
                  @JsonProperty("ErrorUsers") List<ErrorUser> errorUsers) {}

    record ErrorUser(@JsonProperty("UserId") String userId, @JsonProperty("SubCode") long subCode) {}

    record Query(@JsonProperty("Code") long code, @JsonProperty("Message") String message,
                 @JsonProperty("RequestId") String requestId, @JsonProperty("Next") long next,
                 @JsonProperty("List") List<QueriedMessage> list) {}

    /** One message as the query APIs return it; for media {@code MsgBody} is URL-encoded snake_case JSON. */
    record QueriedMessage(@JsonProperty("Sender") String sender, @JsonProperty("MsgType") int msgType,
                          @JsonProperty("SubMsgType") Integer subMsgType, @JsonProperty("MsgBody") String msgBody,
                          @JsonProperty("MsgId") long msgId, @JsonProperty("MsgSeq") long msgSeq,
                          @JsonProperty("Payload") String payload, @JsonProperty("MsgTime") long msgTime,
                          @JsonProperty("IsEmpty") int isEmpty) {}
}
