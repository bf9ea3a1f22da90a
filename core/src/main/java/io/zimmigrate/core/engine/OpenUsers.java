package io.zimmigrate.core.engine;

import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.table.IdTable;

/**
 * The users of the one-to-one timelines a resume has still to send in: the "open" ones, which the journal does not
 * settle to their end (their settled task, if any, is before their last). A one-to-one message between two users of
 * whom one is in no open timeline has no open view (both its views name both users), so each of its views is settled
 * to its end and it is passed over without looking its timelines up: a resume of the one-to-one shape (P6, issue 15)
 * passed over 500,000 settled messages between the settled prefix and the latest settled task, each by two look-ups
 * of its users as strings in the plan's table of 500,500 and two of its views among 2 M. Here the users' bytes are
 * looked up in place, in a table of the few open users that stays in the cache.
 *
 * <p>Built from at most {@value #MOST_TIMELINES} open timelines; past that (a resume early in a migration) the
 * filter passes everything to the exact check, as before, rather than number most of the plan's users again.
 */
final class OpenUsers {
    static final int MOST_TIMELINES = 1 << 16;

    private final IdTable users = new IdTable();
    private int timelines;

    /** Notes the open one-to-one timeline keyed {@code key} ({@code p:owner\0peer}). */
    void add(String key) {
        if (++timelines > MOST_TIMELINES) {
            return;
        }
        int sep = key.indexOf('\u0000', 2);
        users.add(key.substring(2, sep));
        users.add(key.substring(sep + 1));
    }

    /**
     * Whether the encoded message may have an open view: a group message, or a one-to-one message both of whose
     * users are in an open timeline (or too many timelines were open to tell). False: each of its views is settled.
     */
    boolean mayBeOpen(byte[] record) {
        if (timelines > MOST_TIMELINES) {
            return true;
        }
        long at = MessageCodec.peerUsersAt(record);
        return at < 0 || named(record, (int) (at >>> 32)) && named(record, (int) at);
    }

    private boolean named(byte[] record, int at) {
        return users.indexOf(record, at + 4, MessageCodec.stringLengthAt(record, at)) >= 0;
    }
}
