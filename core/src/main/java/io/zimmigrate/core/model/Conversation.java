package io.zimmigrate.core.model;

import java.util.List;

/** Where a message was said: a group, or a one-to-one conversation between two users. */
public sealed interface Conversation permits Conversation.Group, Conversation.OneToOne {

    /** The timelines that receive a message sent by {@code sender}, before anyone's {@code HiddenFor}. */
    List<Timeline> timelinesFor(UserId sender);

    record Group(GroupId groupId) implements Conversation {
        @Override
        public List<Timeline> timelinesFor(UserId sender) {
            return List.of(new Timeline.GroupTimeline(groupId));
        }
    }

    /** A one-to-one conversation seen from the message's sender towards {@code recipient}. */
    record OneToOne(UserId recipient) implements Conversation {
        /** The sender's own view first, then the recipient's: ZIM keeps each participant's list separately. */
        @Override
        public List<Timeline> timelinesFor(UserId sender) {
            return List.of(new Timeline.PeerTimeline(sender, recipient), new Timeline.PeerTimeline(recipient, sender));
        }
    }
}
