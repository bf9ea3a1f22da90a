package io.zimmigrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The encoder that fills an array of exactly the right size writes the very bytes the {@link DataOutputStream} one
 * wrote (kept here as the reference): kept plans, fingerprints and sort keys are all over these bytes.
 */
class MessageCodecTest {
    private static final String[] TEXTS = {"", "a", "m123", "ümlaut", "日本語のテキスト", "emoji 🎉 two", "x".repeat(300)};

    private static String text(Random r) {
        return TEXTS[r.nextInt(TEXTS.length)] + (r.nextBoolean() ? "" : Long.toString(r.nextLong()));
    }

    private static Message message(long seed) {
        Random r = new Random(seed);
        UserId sender = new UserId("u" + text(r));
        UserId recipient = new UserId("v" + text(r));
        boolean group = r.nextBoolean();
        Conversation c = group ? new Conversation.Group(new GroupId("g" + text(r))) : new Conversation.OneToOne(recipient);
        MessageType[] types = MessageType.values();
        Set<UserId> hidden = group || r.nextInt(3) > 0 ? Set.of() : Set.of(r.nextBoolean() ? sender : recipient);
        return new Message(text(r), r.nextLong(), new Locator(text(r), r.nextLong(), r.nextBoolean() ? "line" : text(r)),
                sender, c, r.nextLong(), types[r.nextInt(types.length)], 1 + r.nextInt(3),
                new MessageBody(text(r), r.nextBoolean() ? null : text(r)), r.nextBoolean() ? null : r.nextInt(30000),
                r.nextBoolean() ? null : text(r), hidden);
    }

    @Test
    void encodesTheBytesTheStreamEncoderWrote() {
        qt().withExamples(2_000).forAll(longs().all()).checkAssert(seed -> {
            Message m = message(seed);
            byte[] encoded = MessageCodec.encode(m);
            assertThat(encoded).isEqualTo(streamEncoded(m));
            assertThat(MessageCodec.decode(encoded)).isEqualTo(m);
        });
    }

    /**
     * A one-to-one record's timelines by number (a resume's skip of settled messages, issue #13) are the numbers of
     * its keys, view for view, whether the plan has both views, one, or neither user; a group record has none.
     */
    @Test
    void peerTimelineNumbersAreTheNumbersOfItsKeys() {
        qt().withExamples(1_000).forAll(longs().all()).checkAssert(seed -> {
            Message m = message(seed);
            byte[] record = MessageCodec.encode(m);
            TimelineTable table = new TimelineTable();
            Random r = new Random(seed + 1);
            for (int i = 0; i < 5; i++) { // other timelines, and some of this message's
                table.saw(message(r.nextLong()).timelines().get(0), i, i);
            }
            int planned = r.nextInt(3); // none, the first or every view of this message
            for (int v = 0; v < m.timelines().size() && v < planned; v++) {
                table.saw(m.timelines().get(v), 9, 9);
            }
            String[] keys = MessageCodec.peerTimelineKeys(record);
            int[] numbers = MessageCodec.peerTimelineNumbers(record, table);
            if (keys == null) {
                assertThat(numbers).isNull();
                return;
            }
            assertThat(numbers).hasSameSizeAs(keys);
            for (int k = 0; k < keys.length; k++) {
                assertThat(numbers[k]).as(keys[k]).isEqualTo(table.timelineNumber(keys[k]));
            }
        });
    }

    /** The encoder as it was before (issue #13), the reference. */
    private static byte[] streamEncoded(Message m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(m.sendTime());
            out.writeLong(m.ordinal());
            writeString(out, m.id());
            writeString(out, m.sender().value());
            if (m.conversation() instanceof Conversation.Group g) {
                out.writeByte('g');
                writeString(out, g.groupId().value());
            } else {
                out.writeByte('p');
                writeString(out, ((Conversation.OneToOne) m.conversation()).recipient().value());
            }
            out.writeShort(m.type().code());
            out.writeByte(m.priority());
            writeString(out, m.body().message());
            writeNullable(out, m.body().extendedData());
            out.writeShort(m.subType() == null ? -1 : m.subType());
            writeNullable(out, m.searchedContent());
            out.writeByte(m.hiddenFor().size());
            for (UserId u : m.hiddenFor()) {
                writeString(out, u.value());
            }
            int before = out.size();
            writeString(out, m.locator().origin());
            out.writeLong(m.locator().position());
            writeString(out, m.locator().unit());
            out.writeInt(out.size() - before);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }
}
