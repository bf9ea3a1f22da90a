package io.zimmigrate.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Timelines a message goes to, and timeline keys. */
class ModelTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");

    private static Message peer(Set<UserId> hidden) {
        return new Message("m", 0, Locator.line("f", 1), ALICE, new Conversation.OneToOne(BOB), 1, MessageType.TEXT, 1,
                MessageBody.of("hi"), null, null, hidden);
    }

    @Test
    void oneToOneGoesToBothViewsSenderFirst() {
        assertThat(peer(Set.of()).timelines()).containsExactly(
                new Timeline.PeerTimeline(ALICE, BOB), new Timeline.PeerTimeline(BOB, ALICE));
    }

    @Test
    void hiddenForLeavesOutThatParticipantsView() {
        assertThat(peer(Set.of(ALICE)).timelines()).containsExactly(new Timeline.PeerTimeline(BOB, ALICE));
        assertThat(peer(Set.of(BOB)).timelines()).containsExactly(new Timeline.PeerTimeline(ALICE, BOB));
    }

    @Test
    void groupMessageGoesToTheGroup() {
        Message m = new Message("m", 0, Locator.line("f", 1), ALICE, new Conversation.Group(GroupId.of("g")), 1,
                MessageType.TEXT, 1, MessageBody.of("hi"), null, null, null);
        assertThat(m.timelines()).containsExactly(new Timeline.GroupTimeline(GroupId.of("g")));
    }

    @Test
    void timelineKeysRoundTripEvenWithSpacesAndPunctuation() {
        Timeline peer = new Timeline.PeerTimeline(UserId.of("a b:c"), UserId.of("x>y"));
        Timeline group = new Timeline.GroupTimeline(GroupId.of("g:1"));
        assertThat(Timeline.fromKey(peer.key())).isEqualTo(peer);
        assertThat(Timeline.fromKey(group.key())).isEqualTo(group);
    }

    @Test
    void locatorReadsAsFileColonLine() {
        assertThat(Locator.line("history.jsonl", 7)).hasToString("history.jsonl:7");
    }
}
