package io.zimmigrate.emulator;

/**
 * One message as the emulator keeps it in a timeline, exactly as it arrived (bodies are not re-encoded), plus
 * what the emulator assigned: its place in the timeline ({@code msgSeq}, 1, 2, 3 …) and a message ID.
 *
 * @param msgSeq          position in its timeline, starting at 1
 * @param msgId           the emulator's message ID (decimal digits); ImportPeerMsg answers it as {@code MsgId}
 * @param fromUserId      the sender ({@code FromUserId})
 * @param messageType     {@code MessageType} (1, 10, 11–14, 200)
 * @param subMsgType      {@code SubMsgType}, or null when absent
 * @param message         {@code MessageBody.Message} as sent
 * @param extendedData    {@code MessageBody.ExtendedData}, or null when absent
 * @param searchedContent {@code SearchedContent}, or null when absent
 * @param msgTime         {@code SendMessageTime} in epoch ms, or the arrival time when it was 0 or absent
 * @param priority        {@code Priority} (1–3)
 */
public record StoredMessage(long msgSeq, String msgId, String fromUserId, int messageType, Integer subMsgType,
                            String message, String extendedData, String searchedContent, long msgTime, int priority) {}
