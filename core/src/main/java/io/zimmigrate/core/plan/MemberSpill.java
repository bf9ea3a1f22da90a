package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.ScratchSpace;
import java.nio.ByteBuffer;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The members of a plan's groups while it is planned, on the scratch space instead of a {@link MemberSet} each
 * (issue #13: 20,000 groups of 1,000 members are 20 M memberships, 200–360 MB as MemberSets). Each group message's
 * (group, sender) goes into a bounded table that drops repeats and remembers the membership's first message in its
 * group; when full, the table is written out as a run sorted by (group, user). At the end the runs are merged, a
 * membership's earliest first message kept, and each group's members are written, ordered by that message (the
 * order first seen, as a MemberSet keeps them), as one record per group in group-number order, which
 * {@link #members} reads back when iterated. Held: the table (a few MB at most), 8 bytes per group, and while merging
 * one group's members (8 bytes each) and a block per run.
 */
final class MemberSpill {
    /** The table's most slots: 2^19 keys and firsts, 6 MiB, about 350,000 memberships per run. */
    static final int MAX_SLOTS = 1 << 19;
    private static final long EMPTY = -1;
    /** Memberships per record of a run (12 bytes each). */
    private static final int BLOCK = 1024;

    private final ScratchSpace scratch;
    private final UserTable users;
    private final int maxSlots;
    private long[] keys; // group << 32 | user
    private int[] firsts; // the membership's first message, counted within its group
    private int filled;
    private int[] messagesIn = new int[16]; // per group number: its messages so far
    private int groups;
    private final List<ScratchSpace.Run> runs = new ArrayList<>();
    private ScratchSpace.Run members; // after finish: a record per group number, its members' numbers
    private int[] sizes;

    MemberSpill(ScratchSpace scratch, UserTable users) {
        this(scratch, users, MAX_SLOTS);
    }

    /** With a table of at most {@code maxSlots} slots (a power of two): tests make it small to write many runs. */
    MemberSpill(ScratchSpace scratch, UserTable users, int maxSlots) {
        this.scratch = scratch;
        this.users = users;
        this.maxSlots = maxSlots;
        this.keys = newKeys(Math.min(1 << 10, maxSlots));
        this.firsts = new int[keys.length];
    }

    /** Group number {@code group}'s next message was sent by user number {@code user}. */
    void add(int group, int user) {
        if (group >= messagesIn.length) {
            messagesIn = Arrays.copyOf(messagesIn, Math.max(group + 1, messagesIn.length * 2));
        }
        groups = Math.max(groups, group + 1);
        int first = messagesIn[group]++;
        long key = (long) group << 32 | user;
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        firsts[i] = first;
        filled++;
        if (filled * 3L > keys.length * 2L) {
            if (keys.length < maxSlots) {
                grow();
            } else {
                spill();
            }
        }
    }

    /** The bytes held while planning: the table and the per-group counts. */
    long bytes() {
        return 12L * keys.length + 4L * messagesIn.length;
    }

    /** Merges the runs into each group's members; call once, after the last {@link #add}. */
    void finish() {
        spill();
        keys = null;
        firsts = null;
        messagesIn = null;
        sizes = new int[groups];
        ScratchSpace.RunWriter out = scratch.newSeekableRun();
        PriorityQueue<Cursor> merge = new PriorityQueue<>((a, b) -> Long.compare(a.key, b.key));
        for (ScratchSpace.Run run : runs) {
            Cursor c = new Cursor(run.read());
            if (c.advance()) {
                merge.add(c);
            }
        }
        long[] group = new long[16]; // (first << 32 | user) of the group being merged
        int count = 0;
        int current = 0; // the group number written next
        long pending = EMPTY;
        int pendingFirst = 0;
        while (!merge.isEmpty() || pending != EMPTY) {
            Cursor c = merge.poll();
            if (c != null && c.key == pending) {
                pendingFirst = Math.min(pendingFirst, c.first);
            } else {
                if (pending != EMPTY) {
                    int number = (int) (pending >>> 32);
                    while (current < number) {
                        write(out, current++, group, count);
                        count = 0;
                    }
                    if (count == group.length) {
                        group = Arrays.copyOf(group, count * 2);
                    }
                    group[count++] = (long) pendingFirst << 32 | (pending & 0xFFFFFFFFL);
                }
                if (c == null) {
                    break;
                }
                pending = c.key;
                pendingFirst = c.first;
            }
            if (c.advance()) {
                merge.add(c);
            } else {
                c.reader.close();
            }
        }
        while (current < groups) {
            write(out, current++, group, count);
            count = 0;
        }
        runs.clear();
        members = out.finish();
    }

    /** Group number {@code group}'s members in the order first seen, read from the scratch space when iterated. */
    java.util.Set<UserId> members(int group) {
        return new Members(group);
    }

    private void write(ScratchSpace.RunWriter out, int number, long[] group, int count) {
        Arrays.sort(group, 0, count); // by first message: the order first seen
        ByteBuffer record = ByteBuffer.allocate(4 * count);
        for (int i = 0; i < count; i++) {
            record.putInt((int) group[i]);
        }
        out.write(record.array());
        sizes[number] = count;
    }

    /** Writes the table out as a run sorted by (group, user) and empties it. */
    private void spill() {
        if (filled == 0) {
            return;
        }
        long[] sorted = new long[filled];
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY) {
                sorted[n++] = k;
            }
        }
        Arrays.sort(sorted);
        ScratchSpace.RunWriter run = scratch.newRun();
        int mask = keys.length - 1;
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            ByteBuffer block = ByteBuffer.allocate(12 * (to - from));
            for (int j = from; j < to; j++) {
                int i = slot(sorted[j], mask);
                while (keys[i] != sorted[j]) {
                    i = (i + 1) & mask;
                }
                block.putLong(sorted[j]).putInt(firsts[i]);
            }
            run.write(block.array());
        }
        runs.add(run.finish());
        Arrays.fill(keys, EMPTY);
        filled = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldFirsts = firsts;
        keys = newKeys(oldKeys.length * 2);
        firsts = new int[keys.length];
        int mask = keys.length - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] != EMPTY) {
                int i = slot(oldKeys[k], mask);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                firsts[i] = oldFirsts[k];
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }

    private static long[] newKeys(int slots) {
        long[] k = new long[slots];
        Arrays.fill(k, EMPTY);
        return k;
    }

    /** A run being merged: its current membership. */
    private static final class Cursor {
        final ScratchSpace.RunReader reader;
        ByteBuffer block = ByteBuffer.allocate(0);
        long key;
        int first;

        Cursor(ScratchSpace.RunReader reader) {
            this.reader = reader;
        }

        boolean advance() {
            if (!block.hasRemaining()) {
                if (!reader.hasNext()) {
                    return false;
                }
                block = ByteBuffer.wrap(reader.next());
            }
            key = block.getLong();
            first = block.getInt();
            return true;
        }
    }

    /** One group's members, as the merge wrote them. */
    private final class Members extends AbstractSet<UserId> {
        private final int group;

        Members(int group) {
            this.group = group;
        }

        @Override
        public int size() {
            return sizes[group];
        }

        @Override
        public Iterator<UserId> iterator() {
            ByteBuffer record;
            try (ScratchSpace.RunReader r = members.read(group)) {
                record = ByteBuffer.wrap(r.next());
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return record.hasRemaining();
                }

                @Override
                public UserId next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return users.user(record.getInt());
                }
            };
        }
    }
}
