package io.zimmigrate.core.port;

import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import java.util.Objects;

/**
 * One message of a timeline as ZIM reads it back, in the migration's terms: what reconciliation, the fresh-journal
 * guard, recovery and verification compare with what was sent (through {@code engine.MessageIdentity}).
 *
 * @param sender   who sent it
 * @param type     ZIM's message type code; a timeline may hold types zim-migrate never imports, so not a
 *                 {@link MessageType}
 * @param subType  the custom sub-type, when ZIM gives one
 * @param body     the body as read back, never null ({@code ""} when ZIM gave none). A media body may come back in
 *                 ZIM's documented read-back form (URL-encoded snake_case JSON) or as it was sent
 * @param msgSeq   its place in the timeline
 * @param msgId    ZIM's message ID
 * @param sendTime when it was sent, epoch ms
 * @param placeholder true for the empty stand-in ZIM returns for a deleted message; it holds no content
 */
public record ReadMessage(UserId sender, int type, Integer subType, String body, long msgSeq, long msgId,
                          long sendTime, boolean placeholder) {
    public ReadMessage {
        Objects.requireNonNull(sender, "sender");
        body = body == null ? "" : body;
    }

    /** An image, file, audio or video message (whose body is compared by file name and URL, not as text). */
    public boolean isMedia() {
        return MessageType.ofCode(type).map(MessageType::isMedia).orElse(false);
    }
}
