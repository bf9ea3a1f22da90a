package io.zimmigrate.core.engine;

import com.google.common.collect.Iterators;
import com.google.common.collect.PeekingIterator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.port.ScratchSpace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * What every planned timeline should hold, from one pass over the plan: each message's {@link MessageIdentity} once
 * per timeline it goes to, given back grouped by timeline number and, within a timeline, in the plan's order (oldest
 * first). An external sort on the scratch space: entries fill a buffer of at most {@code bufferBytes}, a full buffer
 * is sorted by (timeline number, place in the plan) and written as a run, and the runs are merged
 * ({@link Iterators#mergeSorted}, at most {@link #FAN_IN} at a time). A plan whose entries fit one buffer never
 * leaves the heap.
 *
 * <p>Why (issue #13): {@code verify} read the whole plan once per batch of 200,000 expected messages; 10 M one-to-one
 * messages (20 M expected, one per view) meant about 100 passes over a 1.9 GB plan before the read-back. Now it is
 * one pass, a sort and a merge, whatever the number of timelines.
 */
final class ExpectedIdentities implements AutoCloseable {
    /** Runs merged at once: each open run holds a read buffer. */
    static final int FAN_IN = 64;
    /** Bytes counted per buffered entry beyond its own: the array's header and the list's reference. */
    private static final int ENTRY_OVERHEAD = 24;
    /** Entry: timeline number (4 bytes), place in the plan (8), identity in UTF-8. */
    private static final int HEADER = 12;
    private static final Comparator<byte[]> ORDER = Comparator
            .<byte[]>comparingInt(e -> ByteBuffer.wrap(e).getInt(0))
            .thenComparingLong(e -> ByteBuffer.wrap(e).getLong(4));

    private final List<ScratchSpace.RunReader> open = new ArrayList<>();
    private final PeekingIterator<byte[]> entries;
    private final int runs;

    private ExpectedIdentities(Iterator<byte[]> sorted, int runs) {
        this.entries = Iterators.peekingIterator(sorted);
        this.runs = runs;
    }

    /** Reads {@code plan}'s messages once and sorts their entries, spilling to {@code scratch} beyond {@code bufferBytes}. */
    static ExpectedIdentities of(Plan plan, ScratchSpace scratch, long bufferBytes) {
        TimelineTable table = plan.timelineTable();
        List<byte[]> buffer = new ArrayList<>();
        List<ScratchSpace.Run> spilled = new ArrayList<>();
        long buffered = 0;
        long place = 0;
        try (ScratchSpace.RunReader r = plan.messages().read()) {
            while (r.hasNext()) {
                Message m = MessageCodec.decode(r.next());
                byte[] identity = MessageIdentity.of(m).getBytes(StandardCharsets.UTF_8);
                for (Timeline t : m.timelines()) {
                    byte[] entry = ByteBuffer.allocate(HEADER + identity.length).putInt(table.numberOf(t))
                            .putLong(place).put(identity).array();
                    buffer.add(entry);
                    buffered += entry.length + ENTRY_OVERHEAD;
                }
                place++;
                if (buffered > bufferBytes) {
                    spilled.add(spill(buffer, scratch));
                    buffer = new ArrayList<>();
                    buffered = 0;
                }
            }
        }
        if (spilled.isEmpty()) {
            buffer.sort(ORDER);
            return new ExpectedIdentities(buffer.iterator(), 0);
        }
        if (!buffer.isEmpty()) {
            spilled.add(spill(buffer, scratch));
        }
        int runs = spilled.size();
        while (spilled.size() > FAN_IN) {
            List<ScratchSpace.Run> first = spilled.subList(0, FAN_IN);
            ScratchSpace.RunWriter merged = scratch.newRun();
            List<ScratchSpace.RunReader> readers = first.stream().map(ScratchSpace.Run::read).toList();
            try {
                Iterators.mergeSorted(readers, ORDER).forEachRemaining(merged::write);
            } finally {
                readers.forEach(ScratchSpace.RunReader::close);
            }
            first.clear();
            spilled.add(merged.finish());
        }
        List<ScratchSpace.RunReader> readers = spilled.stream().map(ScratchSpace.Run::read).toList();
        ExpectedIdentities sorted = new ExpectedIdentities(Iterators.mergeSorted(readers, ORDER), runs);
        sorted.open.addAll(readers);
        return sorted;
    }

    private static ScratchSpace.Run spill(List<byte[]> buffer, ScratchSpace scratch) {
        buffer.sort(ORDER);
        ScratchSpace.RunWriter run = scratch.newRun();
        buffer.forEach(run::write);
        return run.finish();
    }

    /** Runs written to the scratch space (0: the entries were sorted on the heap). */
    int runs() {
        return runs;
    }

    /** Whether an entry is left. */
    boolean hasNext() {
        return entries.hasNext();
    }

    /** The timeline number of the next entry; only when {@link #hasNext()}. */
    int timeline() {
        return ByteBuffer.wrap(entries.peek()).getInt(0);
    }

    /** The next identity of timeline {@code number}, oldest first; null once its last was given. */
    String nextOf(int number) {
        if (!hasNext() || timeline() != number) {
            return null;
        }
        byte[] e = entries.next();
        return new String(e, HEADER, e.length - HEADER, StandardCharsets.UTF_8);
    }

    /** Every identity of timeline {@code number} left, oldest first. */
    List<String> allOf(int number) {
        List<String> all = new ArrayList<>();
        for (String id = nextOf(number); id != null; id = nextOf(number)) {
            all.add(id);
        }
        return all;
    }

    @Override
    public void close() {
        open.forEach(ScratchSpace.RunReader::close);
    }
}
