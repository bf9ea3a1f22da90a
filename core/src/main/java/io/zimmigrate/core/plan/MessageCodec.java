package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
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
        // Every string's UTF-8 bytes first, then one array of exactly the size and a cursor: the same bytes as
        // DataOutputStream wrote (big-endian, each string after its int length), without its stream, its growing
        // buffer and the final copy, which were most of encoding in P4's profile (issue #13).
        byte[] id = utf8(m.id());
        byte[] sender = utf8(m.sender().value());
        boolean group = m.conversation() instanceof Conversation.Group;
        byte[] to = utf8(group ? ((Conversation.Group) m.conversation()).groupId().value()
                : ((Conversation.OneToOne) m.conversation()).recipient().value());
        byte[] body = utf8(m.body().message());
        byte[] extended = m.body().extendedData() == null ? null : utf8(m.body().extendedData());
        byte[] searched = m.searchedContent() == null ? null : utf8(m.searchedContent());
        byte[][] hidden = new byte[m.hiddenFor().size()][];
        int i = 0;
        int hiddenBytes = 0;
        for (UserId u : m.hiddenFor()) {
            hidden[i] = utf8(u.value());
            hiddenBytes += 4 + hidden[i++].length;
        }
        byte[] origin = utf8(m.locator().origin());
        byte[] unit = utf8(m.locator().unit());
        int locator = 4 + origin.length + 8 + 4 + unit.length;
        int size = 8 + 8 + 4 + id.length + 4 + sender.length + 1 + 4 + to.length + 2 + 1 + 4 + body.length
                + nullableSize(extended) + 2 + nullableSize(searched) + 1 + hiddenBytes + locator + 4;
        Cursor out = new Cursor(new byte[size]);
        out.putLong(m.sendTime());
        out.putLong(m.ordinal());
        out.putString(id);
        out.putString(sender);
        out.put(group ? 'g' : 'p');
        out.putString(to);
        out.putShort(m.type().code());
        out.put(m.priority());
        out.putString(body);
        out.putNullable(extended);
        out.putShort(m.subType() == null ? -1 : m.subType());
        out.putNullable(searched);
        out.put(hidden.length);
        for (byte[] h : hidden) {
            out.putString(h);
        }
        // The locator goes last, followed by its length, so the content can be fingerprinted without it: the
        // same input read through another path (./history.jsonl vs history.jsonl) is the same input.
        out.putString(origin);
        out.putLong(m.locator().position());
        out.putString(unit);
        out.putInt(locator);
        return out.bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int nullableSize(byte[] b) {
        return b == null ? 1 : 1 + 4 + b.length;
    }

    /** Writes big-endian values into an array sized for them, as {@code DataOutputStream} would. */
    private static final class Cursor {
        final byte[] bytes;
        private int at;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        void put(int b) {
            bytes[at++] = (byte) b;
        }

        void putShort(int v) {
            put(v >>> 8);
            put(v);
        }

        void putInt(int v) {
            put(v >>> 24);
            put(v >>> 16);
            put(v >>> 8);
            put(v);
        }

        void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        void putString(byte[] s) {
            putInt(s.length);
            System.arraycopy(s, 0, bytes, at, s.length);
            at += s.length;
        }

        void putNullable(byte[] s) {
            put(s == null ? 0 : 1);
            if (s != null) {
                putString(s);
            }
        }
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

    /** The message's {@code Id}, read without decoding the rest. */
    public static String id(byte[] record) {
        int length = readInt(record, 16);
        return new String(record, 20, length, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The message's send time and (below) its position in the input: its key in every timeline, read in place. */
    public static long sendTime(byte[] record) {
        return readLong(record, 0);
    }

    public static long ordinal(byte[] record) {
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
        int senderAt = skipString(record, 16); // past the id
        int at = skipString(record, senderAt);
        if (record[at] == 'g') {
            return 1;
        }
        return 2 - Integer.bitCount(hiddenViews(record, senderAt, at + 1));
    }

    /**
     * The timeline keys (as {@link io.zimmigrate.core.model.Timeline#key()}) of an encoded one-to-one message, its
     * sender's view first, less the views its {@code HiddenFor} removes, read without building the message; null for
     * a group message. A resume uses them to pass over one-to-one messages its journal settled without decoding them.
     */
    public static String[] peerTimelineKeys(byte[] record) {
        int senderAt = skipString(record, 16); // past the id
        int at = skipString(record, senderAt);
        if (record[at] == 'g') {
            return null;
        }
        int recipientAt = at + 1;
        int hidden = hiddenViews(record, senderAt, recipientAt);
        String sender = new String(record, senderAt + 4, readInt(record, senderAt), StandardCharsets.UTF_8);
        String recipient = new String(record, recipientAt + 4, readInt(record, recipientAt), StandardCharsets.UTF_8);
        String[] keys = new String[2 - Integer.bitCount(hidden)];
        int k = 0;
        if ((hidden & 1) == 0) {
            keys[k++] = "p:" + sender + '\u0000' + recipient;
        }
        if ((hidden & 2) == 0) {
            keys[k] = "p:" + recipient + '\u0000' + sender;
        }
        return keys;
    }

    /**
     * The numbers in {@code table} of a one-to-one record's timelines (as {@link #peerTimelineKeys}, -1 for one the
     * table lacks), or null for a group message: each user looked up once for both views, and no key text made (a
     * resume of 2 M one-to-one timelines resolved a million settled messages' keys as text, issue #13).
     */
    public static int[] peerTimelineNumbers(byte[] record, TimelineTable table) {
        int senderAt = skipString(record, 16); // past the id
        int at = skipString(record, senderAt);
        if (record[at] == 'g') {
            return null;
        }
        int recipientAt = at + 1;
        int hidden = hiddenViews(record, senderAt, recipientAt);
        int sender = table.userNumber(new String(record, senderAt + 4, readInt(record, senderAt), StandardCharsets.UTF_8));
        int recipient = table.userNumber(
                new String(record, recipientAt + 4, readInt(record, recipientAt), StandardCharsets.UTF_8));
        int[] numbers = new int[2 - Integer.bitCount(hidden)];
        int k = 0;
        if ((hidden & 1) == 0) {
            numbers[k++] = table.pairNumber(sender, recipient);
        }
        if ((hidden & 2) == 0) {
            numbers[k] = table.pairNumber(recipient, sender);
        }
        return numbers;
    }

    /**
     * Where an encoded one-to-one message's sender's and recipient's IDs are (each its length, then its UTF-8 bytes):
     * the sender's offset in the high half, the recipient's in the low; -1 for a group message. Read in place by a
     * resume's filter of the users still to send to ({@code OpenUsers}), with no string made.
     */
    public static long peerUsersAt(byte[] record) {
        int senderAt = skipString(record, 16); // past the id
        int at = skipString(record, senderAt);
        return record[at] == 'g' ? -1 : (long) senderAt << 32 | (at + 1);
    }

    /** The length in bytes of the string encoded at {@code at} (its bytes follow from {@code at + 4}). */
    public static int stringLengthAt(byte[] record, int at) {
        return readInt(record, at);
    }

    /** Which views of a one-to-one record {@code HiddenFor} removes: bit 0 the sender's, bit 1 the recipient's. */
    private static int hiddenViews(byte[] record, int senderAt, int recipientAt) {
        int at = skipString(record, recipientAt);
        at += 2 + 1; // type, priority
        at = skipString(record, at); // body
        at = record[at] != 0 ? skipString(record, at + 1) : at + 1; // extended data
        at += 2; // sub type
        at = record[at] != 0 ? skipString(record, at + 1) : at + 1; // searched content
        int hidden = record[at++];
        int views = 0;
        for (int i = 0; i < hidden; i++) {
            views |= sameString(record, at, senderAt) ? 1 : 0;
            views |= sameString(record, at, recipientAt) ? 2 : 0;
            at = skipString(record, at);
        }
        return views;
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

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }
}
