package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.PlanStore;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A kept plan's groups, read from its header as they are iterated, each with its members, one group at a time: a
 * resume holds none of them (issue #13: 20,000 groups of 1,000 members are 20 M memberships, 200–360 MB as
 * {@link MemberSet}s, and a resume whose groups are all provisioned needs none of them). Its size is known; a look-up
 * by ID reads through the groups (only a growth of the input asks, and it reads the plan with its tables). Each
 * iteration opens the header once and closes it at its end, or when the caller closes the iterator (it is
 * {@link AutoCloseable}) after stopping early.
 */
final class KeptGroups extends AbstractMap<GroupId, Plan.GroupPlan> {
    private final PlanStore.Stored stored;
    /** Where the groups begin in the header (at their count), in bytes. */
    private final long offset;
    private final int size;

    KeptGroups(PlanStore.Stored stored, long offset, int size) {
        this.stored = stored;
        this.offset = offset;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<GroupId, Plan.GroupPlan>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<GroupId, Plan.GroupPlan>> iterator() {
                return new Groups();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The groups as they stream from the header. */
    private final class Groups implements Iterator<Entry<GroupId, Plan.GroupPlan>>, AutoCloseable {
        private DataInputStream in;
        private int left = size;

        @Override
        public boolean hasNext() {
            if (left == 0) {
                close();
            }
            return left > 0;
        }

        @Override
        public Entry<GroupId, Plan.GroupPlan> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                if (in == null) {
                    in = new DataInputStream(new BufferedInputStream(stored.headerStream(), 1 << 16));
                    in.skipNBytes(offset);
                    if (in.readInt() != size) {
                        throw new IOException("the kept plan's groups changed since it was read");
                    }
                }
                GroupId id = new GroupId(PlanIo.readString(in));
                UserId owner = new UserId(PlanIo.readString(in));
                long ownerSendTime = in.readLong();
                Set<UserId> members = new LinkedHashSet<>();
                for (int m = in.readInt(); m > 0; m--) {
                    members.add(new UserId(PlanIo.readString(in)));
                }
                long oldestSendTime = in.readLong();
                left--;
                return Map.entry(id, new Plan.GroupPlan(id, owner, ownerSendTime, members, oldestSendTime));
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot read the kept plan's groups: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            left = 0;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    // read only: nothing was lost
                }
                in = null;
            }
        }
    }
}
