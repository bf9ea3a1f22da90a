package io.zimmigrate.core.plan;

import io.zimmigrate.core.journal.JournalKeys;
import io.zimmigrate.core.journal.JournalNumbering;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.table.IdTable;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The timeline numbering of the plan kept for an earlier export, read from its header when first asked: what a delta
 * run reads the earlier journal's dense lines (format 4) by, since they number that plan's timelines. A delta reads
 * the earlier plan without its tables (both plans' tables and the journal state at once ran a 256 MiB heap out,
 * issue 15), so each timeline is held as the new plan's number for the same key, and only a timeline the new plan
 * lacks as text: 4 bytes a timeline (2 M one-to-one timelines: 8 MB), read only when the journal is dense.
 *
 * <p>Numbers keys for reading only ({@link #timelineKey}, {@link #userId}: a compact journal may say that every user of
 * the earlier plan was provisioned, journal format 5, and a delta then needs their IDs); it finds no key's number. Its
 * users are held the same way: the new plan's number for each, and only a user the new plan lacks as text.
 */
public final class KeptNumbering implements JournalKeys {
    private final PlanStore store;
    private final String fingerprint;
    private final TimelineTable next;
    /** Per earlier number: the new plan's number for its key, or ~(its index in {@link #texts}); null until read. */
    private int[] numbers;
    private final IdTable texts = new IdTable();
    /** Per earlier user number: the new plan's number for that user, or ~(its index in {@link #userTexts}). */
    private int[] users = new int[0];
    private final IdTable userTexts = new IdTable();

    private KeptNumbering(PlanStore store, String fingerprint, TimelineTable next) {
        this.store = store;
        this.fingerprint = fingerprint;
        this.next = next;
    }

    /**
     * The numbering of the plan of input {@code fingerprint} that {@code store} (or its pending generation) keeps,
     * as keys of {@code next} where it has them; a numbering of no timeline if it keeps no such plan.
     */
    public static JournalNumbering of(PlanStore store, String fingerprint, TimelineTable next) {
        return new JournalNumbering(fingerprint, new KeptNumbering(store, fingerprint, next));
    }

    @Override
    public int timelineCount() {
        return read().length;
    }

    @Override
    public int timelineNumber(String key) {
        return -1;
    }

    @Override
    public String timelineKey(int number) {
        int n = read()[number];
        return n >= 0 ? next.keyAt(n) : texts.get(~n);
    }

    @Override
    public int userCount() {
        read();
        return users.length;
    }

    @Override
    public int userNumber(String userId) {
        return -1;
    }

    @Override
    public String userId(int number) {
        read();
        int n = users[number];
        return n >= 0 ? next.userId(n) : userTexts.get(~n);
    }

    private int[] read() {
        if (numbers == null) {
            try {
                Optional<PlanStore.Stored> kept = readFrom(store);
                if (kept.isEmpty()) {
                    kept = store.pending().flatMap(this::readFrom);
                }
                numbers = kept.isPresent() ? numbers(kept.get()) : null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the earlier export's kept plan again: " + e.getMessage(), e);
            }
            if (numbers == null) {
                numbers = new int[0]; // no such plan: the dense lines are refused, naming it
            }
        }
        return numbers;
    }

    private Optional<PlanStore.Stored> readFrom(PlanStore s) {
        return s.find().filter(stored -> fingerprint.equals(KeptPlan.keptFingerprint(s).orElse(null)));
    }

    /** The header's timelines, in their numbers' order, as {@link KeptBounds} streams them (either header format). */
    private int[] numbers(PlanStore.Stored stored) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(stored.headerStream(), 1 << 16))) {
            int format = KeptBounds.skipToTimelines(in);
            int[] out = new int[in.readInt()];
            if (format == 1) {
                for (int i = 0; i < out.length; i++) {
                    String key = PlanIo.readString(in);
                    in.skipNBytes(Long.BYTES + 4 * Long.BYTES); // calls, first and last task
                    out[i] = numberOf(key);
                }
                in.skipNBytes(4 * Long.BYTES); // conversations and imports of either kind
                users = new int[in.readInt()];
                for (int u = 0; u < users.length; u++) {
                    users[u] = userNumberOf(PlanIo.readString(in));
                }
                return out;
            }
            // Format 2 (KeptTables): the bounds' rows, the columns' length, then the users' and timelines' tables,
            // held only while their keys are numbered here.
            in.skipNBytes((long) KeptTables.BOUNDS_BYTES * out.length);
            in.readLong();
            UserTable users = new UserTable(IdTable.readFrom(in));
            this.users = new int[users.size()];
            for (int u = 0; u < this.users.length; u++) {
                this.users[u] = userNumberOf(users.id(u));
            }
            TimelineIds ids = TimelineIds.readFrom(in);
            if (ids.size() != out.length) {
                throw new IOException("damaged timelines: " + ids.size() + " for " + out.length);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = numberOf(ids.key(i, users));
            }
            return out;
        }
    }

    /** The new plan's number for user {@code id}, or ~(its index among the users it lacks). */
    private int userNumberOf(String id) {
        int n = next.userNumber(id);
        return n >= 0 ? n : ~userTexts.add(id);
    }

    /** The new plan's number for {@code key}, or ~(its index among the keys it lacks). */
    private int numberOf(String key) {
        int n = next.numberOf(key);
        return n >= 0 ? n : ~texts.add(key);
    }
}
