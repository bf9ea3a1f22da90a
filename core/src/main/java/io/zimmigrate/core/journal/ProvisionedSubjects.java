package io.zimmigrate.core.journal;

import io.zimmigrate.core.table.IdTable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The subjects ({@code user:ID}, {@code group:ID}) a journal says were provisioned. A user its {@link JournalKeys}
 * numbers is a bit by that number (1 M users: 125 KB, where their IDs as text took about 40 MB, issue #13); any
 * other subject is kept as text in an {@link IdTable}. Read back the text ones first, in the order first seen, then
 * the numbered users in their order. Not thread-safe.
 */
final class ProvisionedSubjects implements Iterable<String> {
    private static final String USER = "user:";
    private final JournalKeys keys;
    /** The users {@code keys} numbered when this began: numbers made later are kept as text. */
    private final int numbered;
    private IdTable texts = new IdTable();
    /** Bits by user number; made on the first numbered user. */
    private long[] users;
    private int userCount;

    ProvisionedSubjects(JournalKeys keys) {
        this.keys = keys;
        this.numbered = keys.userCount();
    }

    void add(String subject) {
        int u = userNumber(subject);
        if (u < 0) {
            texts.add(subject);
            return;
        }
        if (users == null) {
            users = new long[(numbered + 63) >>> 6];
        }
        long bit = 1L << u;
        if ((users[u >>> 6] & bit) == 0) {
            users[u >>> 6] |= bit;
            userCount++;
        }
    }

    boolean contains(String subject) {
        int u = userNumber(subject);
        if (u < 0) {
            return texts.indexOf(subject) >= 0;
        }
        return users != null && (users[u >>> 6] & 1L << u) != 0;
    }

    int size() {
        return texts.size() + userCount;
    }

    /** Whether the users kept as bits are numbered by {@code keys} (this was made with them). */
    boolean numberedBy(JournalKeys keys) {
        return this.keys == keys;
    }

    /** How many users the keys numbered when this began: those kept as bits. */
    int numberedUsers() {
        return numbered;
    }

    /**
     * Whether every user the keys numbered is provisioned (and there is one): the dense compact form then says so in
     * one line ({@link DenseForm#everyUser}) instead of writing them all.
     */
    boolean everyNumberedUser() {
        return numbered > 0 && userCount == numbered;
    }

    /** Every user the keys number, provisioned: what a line that says so stands for, read by the same numbering. */
    void addEveryNumberedUser() {
        users = new long[(numbered + 63) >>> 6];
        java.util.Arrays.fill(users, -1L);
        if ((numbered & 63) != 0) {
            users[users.length - 1] = -1L >>> (64 - (numbered & 63));
        }
        userCount = numbered;
    }

    /** How many subjects are kept as text ({@link #texts}). */
    int textCount() {
        return texts.size();
    }

    /** The subjects kept as text (groups, their member progress, users the keys do not number), in the order first seen. */
    Iterable<String> texts() {
        IdTable t = texts;
        return () -> IntStream.range(0, t.size()).mapToObj(t::get).iterator();
    }

    /** Forgets the text subjects {@code drop} matches (a group's record that a new plan cannot use: a delta's). */
    void forgetTexts(Predicate<String> drop) {
        IdTable kept = new IdTable();
        for (int i = 0; i < texts.size(); i++) {
            String s = texts.get(i);
            if (!drop.test(s)) {
                kept.add(s);
            }
        }
        texts = kept;
    }

    long bytes() {
        return texts.bytes() + (users == null ? 0 : 8L * users.length);
    }

    private int userNumber(String subject) {
        if (numbered == 0 || !subject.startsWith(USER)) {
            return -1;
        }
        int u = keys.userNumber(subject.substring(USER.length()));
        return u < numbered ? u : -1;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int text;
            private int user = nextUser(0);

            @Override
            public boolean hasNext() {
                return text < texts.size() || user >= 0;
            }

            @Override
            public String next() {
                if (text < texts.size()) {
                    return texts.get(text++);
                }
                if (user < 0) {
                    throw new NoSuchElementException();
                }
                String subject = USER + keys.userId(user);
                user = nextUser(user + 1);
                return subject;
            }
        };
    }

    /** The first provisioned user numbered {@code from} or more; -1 if none. */
    private int nextUser(int from) {
        if (users == null) {
            return -1;
        }
        for (int w = from >>> 6; w < users.length; w++) {
            long bits = users[w] & (w == from >>> 6 ? -1L << from : -1L);
            if (bits != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(bits);
            }
        }
        return -1;
    }
}
