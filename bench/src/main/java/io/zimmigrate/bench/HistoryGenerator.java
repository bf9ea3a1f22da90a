package io.zimmigrate.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic chat history in the canonical JSON Lines format (docs/input-format.md). Every record is a
 * pure function of its index and the shape, so any size streams out in constant memory and the same shape always
 * gives the same file. Message {@code i} is sent at {@code start + i × span / messages}: index order is time order,
 * and every send time lies inside the retention window as of {@code nowMillis}. Conversations and senders are
 * picked by a seeded hash, so each conversation gets about {@code messages / conversations} records.
 *
 * <p>IDs: groups {@code g<k>} with senders {@code g<k>u<0..4>}; pairs {@code p<k>a} ↔ {@code p<k>b}; messages
 * {@code m<i>}. All plain ASCII, so lines are written without a JSON library and need no escaping.
 */
public final class HistoryGenerator {
    private static final int SENDERS_PER_GROUP = 5;
    private static final String FILLER = "The quick brown fox jumps over the lazy dog. ";

    private final HistoryShape shape;
    private final long start;
    private final Permutation order;
    private final String filler;

    public HistoryGenerator(HistoryShape shape) {
        this.shape = shape;
        this.start = shape.nowMillis() - HistoryShape.END_GAP_MILLIS - shape.spanMillis();
        this.order = shape.shuffle() ? new Permutation(shape.messages(), shape.seed()) : null;
        this.filler = FILLER.repeat(shape.bodyBytes() / FILLER.length() + 1);
    }

    public HistoryShape shape() {
        return shape;
    }

    /** Send time of message {@code index}. */
    public long sendTime(long index) {
        return start + index * shape.spanMillis() / shape.messages(); // no overflow: HistoryShape bounds the product
    }

    /** Which message is written at {@code position} of the file. */
    public long indexAt(long position) {
        return order == null ? position : order.apply(position);
    }

    /** The conversation (0-based: groups first, then pairs) of message {@code index}. */
    public int conversationOf(long index) {
        return (int) Long.remainderUnsigned(Mix.mix64(index ^ shape.seed() * 0x2545F4914F6CDD1DL), shape.conversations());
    }

    /** The JSON line (without '\n') of message {@code index}. */
    public String line(long index) {
        StringBuilder b = new StringBuilder(160 + shape.bodyBytes());
        int conversation = conversationOf(index);
        long roll = Mix.mix64(index + shape.seed());
        b.append("{\"Id\":\"m").append(index).append('"');
        if (conversation < shape.groups()) {
            b.append(",\"GroupId\":\"g").append(conversation)
                    .append("\",\"FromUserId\":\"g").append(conversation).append('u')
                    .append(Long.remainderUnsigned(roll, SENDERS_PER_GROUP)).append('"');
        } else {
            int pair = conversation - shape.groups();
            boolean fromA = (roll & 1) == 0;
            b.append(",\"ToUserId\":\"p").append(pair).append(fromA ? 'b' : 'a')
                    .append("\",\"FromUserId\":\"p").append(pair).append(fromA ? 'a' : 'b').append('"');
        }
        b.append(",\"MessageType\":1,\"Priority\":1,\"MessageBody\":{\"Message\":\"");
        String head = "m" + index + ": ";
        b.append(head);
        int rest = shape.bodyBytes() - head.length();
        if (rest > 0) {
            b.append(filler, 0, rest);
        }
        b.append("\"},\"SendMessageTime\":").append(sendTime(index)).append('}');
        return b.toString();
    }

    /** Writes all records to {@code out}, creating or replacing it. */
    public void writeTo(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            writeTo(w);
        }
    }

    public void writeTo(Writer w) throws IOException {
        for (long position = 0; position < shape.messages(); position++) {
            w.write(line(indexAt(position)));
            w.write('\n');
        }
    }
}
