package io.zimmigrate.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One historical message that passed every rule: who said what, where, and when.
 *
 * @param id           the source's own ID ({@code Id} in the canonical format)
 * @param ordinal      0-based position in the input; breaks ties between equal send times
 * @param sendTime     ZIM's {@code SendMessageTime} in epoch milliseconds; 0 means "when it is imported"
 * @param subType      {@code SubMsgType}: always present for custom messages, allowed (and sent) on any type
 * @param hiddenFor    participants of a one-to-one conversation whose own view must not receive it
 */
public record Message(
        String id,
        long ordinal,
        Locator locator,
        UserId sender,
        Conversation conversation,
        long sendTime,
        MessageType type,
        int priority,
        MessageBody body,
        Integer subType,
        String searchedContent,
        Set<UserId> hiddenFor) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        hiddenFor = hiddenFor == null ? Set.of() : Set.copyOf(hiddenFor);
    }

    /** The timelines this message is imported into, in import order: for one-to-one, sender's view then recipient's. */
    public List<Timeline> timelines() {
        List<Timeline> all = conversation.timelinesFor(sender);
        if (hiddenFor.isEmpty()) {
            return all;
        }
        List<Timeline> visible = new ArrayList<>(all.size());
        for (Timeline t : all) {
            if (!(t instanceof Timeline.PeerTimeline peer && hiddenFor.contains(peer.owner()))) {
                visible.add(t);
            }
        }
        return visible;
    }
}
