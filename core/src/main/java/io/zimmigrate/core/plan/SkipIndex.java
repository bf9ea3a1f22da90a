package io.zimmigrate.core.plan;

import io.zimmigrate.core.journal.TaskKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Where a resume can start reading a kept plan: for every block of {@value #BLOCK} messages, the key of its first
 * message and how many import calls all messages before it make. A resume whose journal settles everything before
 * some key starts at the last block that begins before that key, counting the calls before it as already done,
 * instead of reading a million messages to skip them.
 */
public final class SkipIndex {
    static final int BLOCK = 1024;

    private final long[] firstSendTime;
    private final long[] firstOrdinal;
    private final long[] callsBefore;
    private final long totalCalls;

    private SkipIndex(long[] firstSendTime, long[] firstOrdinal, long[] callsBefore, long totalCalls) {
        this.firstSendTime = firstSendTime;
        this.firstOrdinal = firstOrdinal;
        this.callsBefore = callsBefore;
        this.totalCalls = totalCalls;
    }

    /** Where to start for {@code bound}: the record number of a block start, and the calls before it. */
    record Start(long record, long callsBefore) {}

    /** The latest block start whose first message comes before {@code bound}: every block before it does too. */
    Start startFor(TaskKey bound) {
        int lo = 0;
        int hi = firstSendTime.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            TaskKey first = new TaskKey(firstSendTime[mid], firstOrdinal[mid]);
            if (first.compareTo(bound) < 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return firstSendTime.length == 0 ? new Start(0, 0) : new Start((long) found * BLOCK, callsBefore[found]);
    }

    long totalCalls() {
        return totalCalls;
    }

    /** Collects the index while the plan's messages go by in order. */
    static final class Builder {
        private long[] sendTimes = new long[64];
        private long[] ordinals = new long[64];
        private long[] calls = new long[64];
        private int blocks;
        private long records;
        private long callsSoFar;

        void add(byte[] record) {
            if (records % BLOCK == 0) {
                if (blocks == sendTimes.length) {
                    sendTimes = Arrays.copyOf(sendTimes, blocks * 2);
                    ordinals = Arrays.copyOf(ordinals, blocks * 2);
                    calls = Arrays.copyOf(calls, blocks * 2);
                }
                sendTimes[blocks] = MessageCodec.sendTime(record);
                ordinals[blocks] = MessageCodec.ordinal(record);
                calls[blocks] = callsSoFar;
                blocks++;
            }
            records++;
            callsSoFar += MessageCodec.timelineCount(record);
        }

        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + blocks * 24);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(BLOCK);
                out.writeInt(blocks);
                for (int i = 0; i < blocks; i++) {
                    out.writeLong(sendTimes[i]);
                    out.writeLong(ordinals[i]);
                    out.writeLong(calls[i]);
                }
                out.writeLong(callsSoFar);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** Reads an index back; checks it fits a plan of {@code records} messages and {@code calls} import calls. */
    static SkipIndex decode(byte[] footer, long records, long calls) throws IOException {
        SkipIndex index = decode(footer, records);
        if (index.totalCalls != calls) {
            throw new IOException("its index counts " + index.totalCalls + " import calls, its header " + calls);
        }
        return index;
    }

    /** The same for one part of a plan kept in parts: the caller checks the parts' calls add up. */
    static SkipIndex decode(byte[] footer, long records) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(footer));
        if (in.readInt() != BLOCK) {
            throw new IOException("its index has another block size");
        }
        int blocks = in.readInt();
        if (blocks != (records + BLOCK - 1) / BLOCK) {
            throw new IOException("its index has " + blocks + " blocks for " + records + " messages");
        }
        long[] t = new long[blocks];
        long[] o = new long[blocks];
        long[] c = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            t[i] = in.readLong();
            o[i] = in.readLong();
            c[i] = in.readLong();
        }
        return new SkipIndex(t, o, c, in.readLong());
    }
}
