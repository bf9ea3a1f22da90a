package io.zimmigrate.core.plan;

import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.table.IdTable;
import io.zimmigrate.core.table.SparseCounts;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A kept plan's timelines and users in its header ({@link KeptPlan}). Format 2 writes the tables as they sit in
 * memory, so a resume reads them back as arrays in one pass: each timeline's first and last task (32 bytes, streamed
 * again by {@link KeptBounds} when a run asks), then the users' {@link IdTable}, the timelines' {@link TimelineIds}
 * and calls, behind their length in bytes (a reader that keeps no tables skips them at once). Format 1 wrote each
 * timeline's key as text and each user's ID, and reading them back parsed, hashed and inserted 2 M keys and 500,000
 * users one by one: 4–6 s of a resume of the one-to-one shape (issue 15, P6); it is still read, as it was.
 */
final class KeptTables {
    /** Bytes of one timeline's first and last task. */
    static final int BOUNDS_BYTES = 4 * Long.BYTES;
    private static final int BOUNDS_CHUNK = 2048;

    private KeptTables() {}

    /** What the header says of the plan's timelines and users, and the four counts kept between them in format 1. */
    record Tables(UserTable users, TimelineTable timelines, long groupConversations, long oneToOneConversations,
                  long groupImports, long peerImports) {}

    /** Writes {@code plan}'s timelines, users and counts in format 2 (the timelines' count first). */
    static void write(DataOutputStream out, Plan plan) throws IOException {
        TimelineTable table = tableOf(plan);
        int count = table.size();
        out.writeInt(count);
        ByteBuffer rows = ByteBuffer.allocate(BOUNDS_BYTES * Math.max(1, Math.min(count, BOUNDS_CHUNK)));
        try {
            table.forEachBounds((i, first, last) -> {
                rows.putLong(first.sendTime()).putLong(first.ordinal()).putLong(last.sendTime()).putLong(last.ordinal());
                if (!rows.hasRemaining()) {
                    flush(out, rows);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        flush(out, rows);
        out.writeLong(columnBytes(table));
        writeColumns(out, table);
        out.writeLong(plan.groupConversations());
        out.writeLong(plan.oneToOneConversations());
        out.writeLong(plan.groupImports());
        out.writeLong(plan.peerImports());
    }

    /**
     * Reads what {@link #write} wrote; with {@code keep} false, reads past the tables (a delta run keeps only the
     * earlier plan's messages). The table's bounds are streamed from {@code stored} when asked ({@link KeptBounds}).
     */
    static Tables read(DataInputStream in, PlanIo.Counting at, PlanStore.Stored stored, boolean keep)
            throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("a damaged timeline count " + count);
        }
        long boundsAt = at.count();
        in.skipNBytes((long) BOUNDS_BYTES * count);
        long columns = in.readLong();
        UserTable users;
        TimelineTable timelines;
        if (!keep) {
            in.skipNBytes(columns);
            users = new UserTable();
            timelines = new TimelineTable(users);
        } else {
            long from = at.count();
            users = new UserTable(IdTable.readFrom(in));
            TimelineIds ids = TimelineIds.readFrom(in);
            SparseCounts calls = new SparseCounts();
            calls.readFrom(in, count);
            if (ids.size() != count || at.count() - from != columns) {
                throw new IOException("damaged timelines: " + ids.size() + " for " + count + ", "
                        + (at.count() - from) + " bytes for " + columns);
            }
            checkUsers(ids, users.size());
            timelines = new TimelineTable(users, ids, calls,
                    visitor -> KeptBounds.stream(stored, boundsAt, count, visitor));
        }
        return new Tables(users, timelines, in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }

    /** Reads format 1's timelines, counts and users (as its decoding always did: key by key). */
    static Tables readFormat1(DataInputStream in, PlanStore.Stored stored, boolean keep) throws IOException {
        int timelineCount = in.readInt();
        UserTable users = new UserTable(); // the timelines' one-to-one views name users by their number in it
        // Calls only: the first and last tasks are read again from the header when a run needs them (issue #13).
        TimelineTable timelines = new TimelineTable(users, new TimelineIds(), new SparseCounts(),
                visitor -> KeptBounds.stream(stored, visitor));
        for (int i = 0; i < timelineCount; i++) {
            String timeline = PlanIo.readString(in);
            Plan.TimelinePlan p = new Plan.TimelinePlan(in.readLong(), PlanIo.readKey(in), PlanIo.readKey(in));
            if (keep) {
                timelines.put(timeline, p);
            }
        }
        long groupConversations = in.readLong();
        long oneToOneConversations = in.readLong();
        long groupImports = in.readLong();
        long peerImports = in.readLong();
        for (int i = in.readInt(); i > 0; i--) {
            UserId user = new UserId(PlanIo.readString(in));
            if (keep) { // kept: the journal numbers the users it provisioned by the plan's (a bit each)
                users.add(user);
            }
        }
        return new Tables(users, timelines, groupConversations, oneToOneConversations, groupImports, peerImports);
    }

    /**
     * The plan's table with its users, as the planner makes them (one {@link UserTable} for both); a plan whose
     * timelines and users were made apart (tests, a map given to {@link Plan}) is numbered the way format 1 read
     * it back: the timelines' users first, in their order, then the rest.
     */
    private static TimelineTable tableOf(Plan plan) {
        TimelineTable table = plan.timelineTable();
        if (plan.users() == table.users()) {
            return table;
        }
        UserTable users = new UserTable();
        TimelineTable numbered = new TimelineTable(users);
        for (Map.Entry<String, Plan.TimelinePlan> e : plan.timelines().entrySet()) {
            numbered.put(e.getKey(), e.getValue());
        }
        users.addAll(plan.users());
        return numbered;
    }

    private static long columnBytes(TimelineTable table) throws IOException {
        DataOutputStream counter = new DataOutputStream(OutputStream.nullOutputStream());
        writeColumns(counter, table);
        return counter.size() == Integer.MAX_VALUE ? Long.MAX_VALUE : counter.size();
    }

    private static void writeColumns(DataOutputStream out, TimelineTable table) throws IOException {
        table.users().ids().writeTo(out);
        table.ids().writeTo(out);
        table.calls().writeTo(out, table.size());
    }

    /** Every one-to-one view names two users of the table: a damaged number never reaches a look-up. */
    private static void checkUsers(TimelineIds ids, int users) throws IOException {
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.identity(i);
            if (id >= 0 && ((id >>> 32) >= users || (int) id < 0 || (int) id >= users)) {
                throw new IOException("damaged timelines: entry " + i + " names users beyond " + users);
            }
        }
    }

    private static void flush(DataOutputStream out, ByteBuffer rows) {
        try {
            out.write(rows.array(), 0, rows.position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.clear();
    }

    /** Streams {@code count} timelines' bounds from the header's bytes at {@code in}'s position, in number order. */
    static void visitBounds(DataInputStream in, int count, TimelineTable.BoundsVisitor visitor) throws IOException {
        byte[] chunk = new byte[BOUNDS_BYTES * Math.max(1, Math.min(count, BOUNDS_CHUNK))];
        ByteBuffer rows = ByteBuffer.wrap(chunk);
        for (int done = 0; done < count; ) {
            int n = Math.min(BOUNDS_CHUNK, count - done);
            in.readFully(chunk, 0, BOUNDS_BYTES * n);
            rows.clear();
            for (int k = 0; k < n; k++, done++) {
                visitor.visit(done, new TaskKey(rows.getLong(), rows.getLong()), new TaskKey(rows.getLong(), rows.getLong()));
            }
        }
    }
}
