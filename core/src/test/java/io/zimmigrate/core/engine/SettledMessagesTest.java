package io.zimmigrate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a delta run keeps what the journal settles in bounded memory, 12 bytes per settled <em>message</em>.
 * Keyed per import call, ten million one-to-one messages were twenty million entries (240 MB: over a 256 MB heap).
 */
class SettledMessagesTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");

    private static Message peer(String id, UserId from, UserId to) {
        return new Message(id, 0, Locator.line("f", 1), from, new Conversation.OneToOne(to), 1, MessageType.TEXT, 1,
                MessageBody.of("hi"), null, null, Set.of());
    }

    private static Message group(String id, String group) {
        return new Message(id, 0, Locator.line("f", 1), ALICE, new Conversation.Group(GroupId.of(group)), 1,
                MessageType.TEXT, 1, MessageBody.of("hi"), null, null, Set.of());
    }

    /** What DeltaRebase's first pass does for a message settled in every one of its timelines. */
    private static void addSettledEverywhere(SettledMessages s, Message m) {
        int views = 0;
        for (Timeline t : m.timelines()) {
            views |= SettledMessages.view(t);
        }
        s.add(SettledMessages.identity(m), views);
    }

    @Test
    void aOneToOneMessageIsOneEntryForBothOfItsTimelines() {
        int messages = 100_000;
        SettledMessages s = new SettledMessages(messages); // room for messages, not for their 200,000 import calls
        for (int i = 0; i < messages; i++) {
            addSettledEverywhere(s, peer("m" + i, ALICE, BOB));
        }
        s.seal();
        assertThat(s.settledCalls()).isEqualTo(2L * messages);
        assertThat(s.footprintBytes()).isLessThanOrEqualTo(13L * messages);
        Message m = peer("m77", ALICE, BOB);
        int at = s.indexOf(SettledMessages.identity(m));
        assertThat(at).isNotNegative();
        for (Timeline t : m.timelines()) {
            assertThat(s.settles(at, SettledMessages.view(t))).as(t.toString()).isTrue();
        }
    }

    @Test
    void aMessageSettledInOneViewOnlyIsStillToImportIntoTheOther() {
        Message m = peer("m1", BOB, ALICE);
        SettledMessages s = new SettledMessages(1);
        Timeline sendersView = m.timelines().get(0);
        s.add(SettledMessages.identity(m), SettledMessages.view(sendersView));
        s.seal();
        int at = s.indexOf(SettledMessages.identity(m));
        assertThat(s.settles(at, SettledMessages.view(sendersView))).isTrue();
        assertThat(s.settles(at, SettledMessages.view(m.timelines().get(1)))).isFalse();
        assertThat(s.settledCalls()).isEqualTo(1);
    }

    @Test
    void theSameMessageFromTheOtherSideKeepsItsIdentityAndViews() {
        // A sender corrected in a newer export: the same conversation, so the same message and the same two views.
        Message before = peer("m1", ALICE, BOB);
        Message after = peer("m1", BOB, ALICE);
        assertThat(SettledMessages.identity(after)).isEqualTo(SettledMessages.identity(before));
        assertThat(SettledMessages.view(before.timelines().get(0))).isEqualTo(SettledMessages.view(after.timelines().get(1)));
    }

    @Test
    void aMessageThatMovedToAnotherConversationIsAnotherMessage() {
        assertThat(SettledMessages.identity(group("m1", "g1"))).isNotEqualTo(SettledMessages.identity(group("m1", "g2")));
        assertThat(SettledMessages.identity(peer("m1", ALICE, BOB)))
                .isNotEqualTo(SettledMessages.identity(peer("m1", ALICE, UserId.of("carol"))));
    }

    @Test
    void unseenSettledMessagesCountAsMissingCalls() {
        SettledMessages s = new SettledMessages(3);
        Message kept = peer("kept", ALICE, BOB);
        Message gone = peer("gone", ALICE, BOB);
        Message goneGroup = group("gone-too", "g");
        addSettledEverywhere(s, kept);
        addSettledEverywhere(s, gone);
        addSettledEverywhere(s, goneGroup);
        s.seal();
        s.content(SettledMessages.identity(kept), 42);
        assertThat(s.seenUnchanged(s.indexOf(SettledMessages.identity(kept)), 42)).isTrue();
        assertThat(s.missingCalls()).isEqualTo(3); // two calls of the one-to-one message, one of the group's
        assertThat(s.indexOf(SettledMessages.identity(peer("never", ALICE, BOB)))).isNegative();
    }
}
