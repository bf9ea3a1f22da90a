package io.zimmigrate.core.plan;

import io.zimmigrate.core.table.IdTable;
import io.zimmigrate.core.model.UserId;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Every user of a plan, in the order first seen, numbered so that a group's members can be kept as ints
 * ({@link MemberSet}). About 12 bytes per user beyond the ID's UTF-8 bytes ({@link IdTable}); a {@link UserId} is
 * made only when one is asked for.
 */
final class UserTable extends AbstractSet<UserId> {
    private final IdTable ids;

    UserTable() {
        this(new IdTable());
    }

    /** The users of {@code ids}, numbered as there (a kept plan's, read back as arrays: {@link KeptTables}). */
    UserTable(IdTable ids) {
        this.ids = ids;
    }

    IdTable ids() {
        return ids;
    }

    /** The user's number, numbering it when new. */
    int number(UserId user) {
        return ids.add(user.value());
    }

    /** The user's number, or -1 when not in the table. */
    int indexOf(UserId user) {
        return ids.indexOf(user.value());
    }

    /** The number of the user whose ID is {@code id}, or -1 when not in the table. */
    int indexOf(String id) {
        return ids.indexOf(id);
    }

    String id(int number) {
        return ids.get(number);
    }

    /** Whether {@code key} is the one-to-one view's of user {@code owner} towards {@code peer}, compared in place. */
    boolean isPairKey(int owner, int peer, String key) {
        int sep = key.startsWith("p:") ? key.indexOf('\u0000', 2) : -1; // as Timeline.PeerTimeline#key
        return sep > 0 && ids.textIs(owner, key, 2, sep) && ids.textIs(peer, key, sep + 1, key.length());
    }

    UserId user(int number) {
        return new UserId(ids.get(number));
    }

    @Override
    public boolean add(UserId user) {
        int before = ids.size();
        return ids.add(user.value()) == before;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof UserId u && ids.indexOf(u.value()) >= 0;
    }

    @Override
    public int size() {
        return ids.size();
    }

    long bytes() {
        return ids.bytes();
    }

    @Override
    public Iterator<UserId> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < ids.size();
            }

            @Override
            public UserId next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return user(next++);
            }
        };
    }
}
