package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * A compact binary form of a validated {@link Message}, so the planner can sort an export larger than memory
 * on scratch space and the fingerprint of an input can be taken over exactly what will be sent.
 */
public final class MessageCodec {
    private MessageCodec() {}

    public static byte[] encode(Message m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + m.body().message().length());
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
            // The locator goes last, followed by its length, so the content can be fingerprinted without it: the
            // same input read through another path (./history.jsonl vs history.jsonl) is the same input.
            int before = out.size();
            writeString(out, m.locator().origin());
            out.writeLong(m.locator().position());
            writeString(out, m.locator().unit());
            out.writeInt(out.size() - before);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Message decode(byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            long sendTime = in.readLong();
            long ordinal = in.readLong();
            String id = readString(in);
            UserId sender = new UserId(readString(in));
            Conversation conversation = in.readByte() == 'g'
                    ? new Conversation.Group(new GroupId(readString(in)))
                    : new Conversation.OneToOne(new UserId(readString(in)));
            MessageType type = MessageType.ofCode(in.readShort()).orElseThrow();
            int priority = in.readByte();
            MessageBody body = new MessageBody(readString(in), readNullable(in));
            short sub = in.readShort();
            String searched = readNullable(in);
            int hidden = in.readByte();
            Set<UserId> hiddenFor = new HashSet<>(hidden);
            for (int i = 0; i < hidden; i++) {
                hiddenFor.add(new UserId(readString(in)));
            }
            Locator locator = new Locator(readString(in), in.readLong(), readString(in));
            return new Message(id, ordinal, locator, sender, conversation, sendTime, type, priority, body,
                    sub < 0 ? null : (int) sub, searched, hiddenFor);
        } catch (IOException e) {
            throw new UncheckedIOException("a planned message could not be read back from scratch space", e);
        }
    }

    /** How many leading bytes of an encoded message hold its content, i.e. everything but where it was read. */
    static int contentLength(byte[] record) {
        int at = record.length - 4;
        int locator = (record[at] & 0xff) << 24 | (record[at + 1] & 0xff) << 16 | (record[at + 2] & 0xff) << 8
                | (record[at + 3] & 0xff);
        return record.length - 4 - locator;
    }

    /** The sort key of an encoded message without decoding it: send time, then input position. */
    /**
     * A 64-bit fingerprint of what a message says (send time, ID, sender, conversation, type, priority, body, sub
     * type, searched content, hidden-for), leaving out its position in the input and its locator: the same message
     * in a later export has the same fingerprint wherever it sits.
     */
    public static long contentFingerprint(byte[] record) {
        return com.google.common.hash.Hashing.farmHashFingerprint64().newHasher()
                .putBytes(record, 0, 8).putBytes(record, 16, contentLength(record) - 16).hash().asLong();
    }

    static long sendTime(byte[] record) {
        return readLong(record, 0);
    }

    static long ordinal(byte[] record) {
        return readLong(record, 8);
    }

    /**
     * Whether the encoded message comes before {@code bound} in plan order (send time, then input position), read
     * from its first 16 bytes without decoding it.
     */
    public static boolean isBefore(byte[] record, long boundSendTime, long boundOrdinal) {
        long t = sendTime(record);
        return t < boundSendTime || t == boundSendTime && ordinal(record) < boundOrdinal;
    }

    /**
     * How many timelines the encoded message is imported into ({@link Message#timelines()}.size()), read without
     * building the message: 1 for a group; for one-to-one, 2 minus the views its {@code HiddenFor} removes.
     */
    public static int timelineCount(byte[] record) {
        int at = 16;
        at = skipString(record, at); // id
        int senderAt = at;
        at = skipString(record, at);
        byte kind = record[at++];
        if (kind == 'g') {
            return 1;
        }
        int recipientAt = at;
        at = skipString(record, at);
        at += 2 + 1; // type, priority
        at = skipString(record, at); // body
        at = record[at] != 0 ? skipString(record, at + 1) : at + 1; // extended data
        at += 2; // sub type
        at = record[at] != 0 ? skipString(record, at + 1) : at + 1; // searched content
        int hidden = record[at++];
        boolean senderHidden = false;
        boolean recipientHidden = false;
        for (int i = 0; i < hidden; i++) {
            senderHidden |= sameString(record, at, senderAt);
            recipientHidden |= sameString(record, at, recipientAt);
            at = skipString(record, at);
        }
        return (senderHidden ? 0 : 1) + (recipientHidden ? 0 : 1);
    }

    /** Whether the encoded message is a group message (one ImportGroupMsg), read without building the message. */
    static boolean isGroup(byte[] record) {
        return record[skipString(record, skipString(record, 16))] == 'g'; // past the id and the sender
    }

    /**
     * The timeline key ({@code "g:" + group ID}, as {@link io.zimmigrate.core.model.Timeline#key()}) of an encoded
     * group message, read without building the message; null for a one-to-one message. A resume uses it to pass over
     * messages its journal settled without decoding them.
     */
    public static String groupTimelineKey(byte[] record) {
        int at = skipString(record, skipString(record, 16)); // id, sender
        if (record[at] != 'g') {
            return null;
        }
        return "g:" + new String(record, at + 5, readInt(record, at + 1), StandardCharsets.UTF_8);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int skipString(byte[] b, int at) {
        return at + 4 + readInt(b, at);
    }

    private static boolean sameString(byte[] b, int a, int c) {
        int length = readInt(b, a);
        return length == readInt(b, c) && java.util.Arrays.equals(b, a + 4, a + 4 + length, b, c + 4, c + 4 + length);
    }

    private static long readLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
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

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }
}
