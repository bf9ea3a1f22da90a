package io.zimmigrate.core.input;

import java.util.List;

/**
 * A message as a source read it, before any rule was applied: the canonical fields, each possibly absent.
 * Every source (JSONL, CSV, Slack, a custom one) produces these; {@link io.zimmigrate.core.validation.MessageRules}
 * turns them into {@link io.zimmigrate.core.model.Message}s or rejections.
 *
 * <p>{@code bodyMessage} is ZIM's {@code MessageBody.Message} text; for media and multi-item messages that is
 * the JSON text of the structure.
 */
public record RawMessage(
        String id,
        String groupId,
        String toUserId,
        String fromUserId,
        Integer messageType,
        Integer priority,
        String bodyMessage,
        String bodyExtendedData,
        Integer subMsgType,
        String searchedContent,
        Long sendMessageTime,
        List<String> hiddenFor) {

    public RawMessage {
        hiddenFor = hiddenFor == null ? null : List.copyOf(hiddenFor);
    }

    /** A builder, convenient for sources that fill fields one by one. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String id;
        private String groupId;
        private String toUserId;
        private String fromUserId;
        private Integer messageType;
        private Integer priority;
        private String bodyMessage;
        private String bodyExtendedData;
        private Integer subMsgType;
        private String searchedContent;
        private Long sendMessageTime;
        private List<String> hiddenFor;

        public Builder id(String v) { id = v; return this; }
        public Builder groupId(String v) { groupId = v; return this; }
        public Builder toUserId(String v) { toUserId = v; return this; }
        public Builder fromUserId(String v) { fromUserId = v; return this; }
        public Builder messageType(Integer v) { messageType = v; return this; }
        public Builder priority(Integer v) { priority = v; return this; }
        public Builder bodyMessage(String v) { bodyMessage = v; return this; }
        public Builder bodyExtendedData(String v) { bodyExtendedData = v; return this; }
        public Builder subMsgType(Integer v) { subMsgType = v; return this; }
        public Builder searchedContent(String v) { searchedContent = v; return this; }
        public Builder sendMessageTime(Long v) { sendMessageTime = v; return this; }
        public Builder hiddenFor(List<String> v) { hiddenFor = v; return this; }

        /** Empties every field, so one builder can read record after record (a run of lines). */
        Builder clear() {
            id = groupId = toUserId = fromUserId = bodyMessage = bodyExtendedData = searchedContent = null;
            messageType = priority = subMsgType = null;
            sendMessageTime = null;
            hiddenFor = null;
            return this;
        }

        public RawMessage build() {
            return new RawMessage(id, groupId, toUserId, fromUserId, messageType, priority, bodyMessage,
                    bodyExtendedData, subMsgType, searchedContent, sendMessageTime, hiddenFor);
        }
    }
}
