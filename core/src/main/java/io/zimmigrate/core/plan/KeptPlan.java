package io.zimmigrate.core.plan;

import static io.zimmigrate.core.plan.PlanIo.readString;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A plan kept between runs in a {@link PlanStore}, so resuming an unchanged input skips reading and validating it
 * again. The header holds everything of the {@link Plan} but its messages (counters, timelines, who to provision,
 * the fingerprint) and the key it was kept under; the messages follow in plan order, encoded by
 * {@link MessageCodec}; the footer is a {@link SkipIndex}, so a resume starts reading near where it resumes.
 *
 * <p>The key is the source's cheap {@link MessageSource#identity() identity} plus every rule that decides what
 * is valid, so a changed input or changed rules never reuse a plan. The kept plan is used only when its
 * fingerprint is also the one the journal was started with: the journal, not the kept plan, says which input a
 * migration belongs to.
 */
public final class KeptPlan {
    /**
     * The header's format, bumped whenever it changes. 2 writes the timelines and users as arrays ({@link KeptTables});
     * format 1 is still read, so an older kept plan is used as it is.
     */
    static final int FORMAT = 2;
    /** The header formats this version reads. */
    private static final int OLDEST_FORMAT = 1;
    /**
     * The format named in the key ({@link #keyOf}): bumped when a kept plan of an older format can no longer be read
     * (it is then planned again), not with {@link #FORMAT} while older headers are still read.
     */
    static final int KEY_FORMAT = 1;
    static final int MAGIC = 0x5A4D4B50; // "ZMKP"

    private KeptPlan() {}

    /** The key a plan of {@code source} checked under {@code rules} is kept under; empty if the source cannot tell. */
    public static Optional<String> keyOf(MessageSource source, RuleSet rules) {
        return source.identity().map(identity -> "format=" + KEY_FORMAT + "|retention-days=" + rules.retention().days()
                + "|ids-with-space=" + rules.ids().allowsSpace() + "|max-message-bytes=" + rules.maxMessageBytes()
                + "|multi-item=" + rules.multiItemEnabled() + "|source=" + identity);
    }

    /**
     * What a look for a kept plan found: the plan, or why there is none to use; and whether the plan holds messages
     * in their imported version that a run completing it keeps again as planned ({@link CompletionMark}).
     */
    public record Lookup(Plan plan, String reason, boolean completing) {
        public Lookup(Plan plan, String reason) {
            this(plan, reason, false);
        }

        public boolean found() {
            return plan != null;
        }
    }

    /**
     * The plan kept in {@code store} under {@code key} whose fingerprint is {@code fingerprint}, if there is one
     * and it is readable.
     */
    public static Lookup find(PlanStore store, String key, String fingerprint) {
        Optional<PlanStore.Stored> stored;
        try {
            stored = store.find();
        } catch (RuntimeException e) {
            return new Lookup(null, "the kept plan cannot be read (" + e.getMessage() + ")");
        }
        if (stored.isEmpty()) {
            return new Lookup(null, "no plan is kept");
        }
        Plan plan;
        Object[] extra = new Object[2]; // the trailer: a completion mark at its end (CompletionMark)
        try {
            plan = decode(stored.get(), key, true, extra, false); // members read when provisioning asks (KeptGroups)
        } catch (IOException | RuntimeException e) {
            return new Lookup(null, "the kept plan is unreadable (" + e.getMessage() + ")");
        }
        if (plan == null) {
            return new Lookup(null, "the input or the rules changed since the plan was kept");
        }
        if (!plan.fingerprint().equals(fingerprint)) {
            return new Lookup(null, "the kept plan is not the one this journal was started with");
        }
        return new Lookup(plan, "the input and the rules are unchanged since the plan was kept",
                CompletionMark.marks((byte[]) extra[1]));
    }

    /**
     * The plan kept in {@code store} whose fingerprint is {@code fingerprint}, whatever input or rules it was kept
     * under: a delta run reads the previous export's plan (the one its journal settles) from it; empty when the
     * store keeps another plan or none.
     */
    public static Optional<Plan> findPrevious(PlanStore store, String fingerprint) {
        return findPrevious(store, fingerprint, new HashMap<>());
    }

    /**
     * The same; the export's versions of the messages the plan holds in their imported version go to
     * {@code asExported}, by ID ({@link CompletionMark}: a delta compares its export with those).
     */
    public static Optional<Plan> findPrevious(PlanStore store, String fingerprint, Map<String, byte[]> asExported) {
        try {
            Optional<PlanStore.Stored> stored = store.find();
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            Object[] extra = new Object[2];
            Plan plan = decode(stored.get(), null, false, extra, true);
            if (plan == null || !plan.fingerprint().equals(fingerprint)) {
                return Optional.empty();
            }
            asExported.putAll(CompletionMark.asExported((byte[]) extra[1]));
            return Optional.of(plan);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The fingerprint of the plan {@code store} keeps, read from the start of its header only; empty when it keeps
     * none or it is unreadable. A delta run asks this before planning the new export, and decodes the earlier plan
     * ({@link #findPrevious}) only after: both plans' timeline tables and the journal state at once, with the
     * planner's own buffers, ran a 256 MiB heap out at 800,000 timelines (issue 15).
     */
    public static Optional<String> keptFingerprint(PlanStore store) {
        try {
            Optional<PlanStore.Stored> stored = store.find();
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(stored.get().headerStream(), 1 << 12))) {
                if (in.readInt() != MAGIC || !readable(in.readInt())) {
                    return Optional.empty();
                }
                readString(in); // the key it was kept under
                return Optional.of(readString(in));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Replaces what {@code store} keeps by {@code plan} under {@code key}: atomically, all or nothing. */
    public static void keep(PlanStore store, String key, Plan plan) {
        keep(store, key, plan, null);
    }

    /**
     * The same, with {@code trailer} after the header ({@link PlanGrowth}: what input the plan was made from and its
     * fingerprint's state); a version that reads no trailer finds the plan unreadable and plans again.
     */
    static void keep(PlanStore store, String key, Plan plan, byte[] trailer) {
        KeptPlanWriter.keep(store, key, plan, trailer);
    }

    /**
     * Hands a plan just made over to where it is kept: once {@code store} keeps {@code plan} (its fingerprint, its
     * timelines), the plan's table reads each timeline's first and last task from the kept header when the run asks,
     * as a resume's does, and lets go of those it held (16 MiB) or spilled (issue #13: a fresh run of 4 M one-to-one
     * timelines under -Xmx256m was GC-bound at 248 MB live). False, and nothing changes, when the store keeps another
     * plan, none, one in format 1, or the table streams them already.
     */
    public static boolean streamBounds(PlanStore store, Plan plan) {
        TimelineTable table = plan.timelineTable();
        if (!table.holdsBounds() || !keptFingerprint(store).filter(plan.fingerprint()::equals).isPresent()) {
            return false;
        }
        try {
            PlanStore.Stored stored = store.find().orElseThrow();
            PlanIo.Counting counted = new PlanIo.Counting(new BufferedInputStream(stored.headerStream(), 1 << 12));
            try (DataInputStream in = new DataInputStream(counted)) {
                if (KeptBounds.skipToTimelines(in) != FORMAT || in.readInt() != table.size()) {
                    return false;
                }
                long at = counted.count(); // where the rows of bounds begin, as KeptTables.read notes it
                int count = table.size();
                table.streamBounds(visitor -> KeptBounds.stream(stored, at, count, visitor));
                return true;
            }
        } catch (IOException | RuntimeException e) {
            return false; // held, as before: the run reads them from memory
        }
    }

    /** The header, in an array of exactly its size ({@link KeptPlanWriter#header}). */
    static byte[] header(String key, Plan plan) {
        return KeptPlanWriter.header(key, plan, null);
    }

    /** A kept plan with its tables, the key it was kept under and the trailer after its header (empty: none). */
    record WithTrailer(Plan plan, String key, byte[] trailer) {}

    /** The plan {@code store} keeps, tables and trailer included, whatever key it was kept under; null if none. */
    static WithTrailer withTrailer(PlanStore store) throws IOException {
        Optional<PlanStore.Stored> stored = store.find();
        if (stored.isEmpty()) {
            return null;
        }
        Object[] extra = new Object[2];
        Plan plan = decode(stored.get(), null, true, extra, true); // a growth extends the groups: all of them
        return plan == null ? null : new WithTrailer(plan, (String) extra[0], (byte[]) extra[1]);
    }

    /**
     * The kept plan; with {@code tables} false, its messages and counts only: its timelines, users and groups are
     * read past, not kept (a delta run reads only the earlier plan's messages, and its tables were about 50 bytes per
     * timeline beside the new plan's: issue 15). With {@code members} false its groups are read from the header when
     * iterated, members and all ({@link KeptGroups}), not held (issue #13).
     */
    private static Plan decode(PlanStore.Stored stored, String key, boolean tables, Object[] extra, boolean members)
            throws IOException {
        PlanIo.Counting counted = new PlanIo.Counting(new BufferedInputStream(stored.headerStream(), 1 << 16));
        try (DataInputStream in = new DataInputStream(counted)) {
            return decode(in, counted, stored, key, tables, tables && members, extra);
        }
    }

    /** Reads the header as it streams in: no copy of it is held, only the tables it fills (issue #13). */
    /** With {@code extra} given, the key the plan was kept under and the trailer after its header go there. */
    private static Plan decode(DataInputStream in, PlanIo.Counting at, PlanStore.Stored stored, String key,
                               boolean tables, boolean members, Object[] extra) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a kept plan");
        }
        int format = in.readInt();
        if (!readable(format)) {
            throw new IOException("it is in kept-plan format " + format + ", this zim-migrate reads formats "
                    + OLDEST_FORMAT + " to " + FORMAT);
        }
        String keptUnder = readString(in);
        if (key != null && !keptUnder.equals(key)) {
            return null;
        }
        String fingerprint = readString(in);
        long count = in.readLong();
        List<PlanStore.Part> parts = stored.parts(); // one, or more when growths were appended (PlanStore#extend)
        long held = parts.stream().mapToLong(p -> p.messages().size()).sum();
        if (held != count) {
            throw new IOException("it holds " + held + " messages, its header says " + count);
        }
        long read = in.readLong();
        long rejected = in.readLong();
        long warnings = in.readLong();
        Map<String, Long> byRule = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            byRule.put(readString(in), in.readLong());
        }
        KeptTables.Tables t = format == 1 ? KeptTables.readFormat1(in, stored, tables)
                : KeptTables.read(in, at, stored, tables);
        UserTable users = t.users();
        long groupsAt = at.count();
        int groupCount = in.readInt();
        // Streamed from the header when iterated, unless held: an earlier plan's too, whose groups a delta reads
        // once to carry the journal's records of their members over (GroupMembersCarry).
        Map<GroupId, Plan.GroupPlan> groups = members ? new HashMap<>() : new KeptGroups(stored, groupsAt, groupCount);
        for (int i = groupCount; i > 0; i--) {
            if (!members) { // read past: not kept, or read again when iterated
                PlanIo.skipGroup(in);
                continue;
            }
            GroupId id = new GroupId(readString(in));
            UserId owner = new UserId(readString(in));
            long ownerSendTime = in.readLong();
            MemberSet memberSet = new MemberSet(users);
            for (int m = in.readInt(); m > 0; m--) {
                memberSet.add(new UserId(readString(in)));
            }
            long oldestSendTime = in.readLong();
            groups.put(id, new Plan.GroupPlan(id, owner, ownerSendTime, memberSet, oldestSendTime));
        }
        boolean ordered = in.readBoolean();
        byte[] after = in.readAllBytes(); // a trailer (PlanGrowth), read past unless asked for
        if (extra != null) {
            extra[0] = keptUnder;
            extra[1] = after;
        }
        List<SkipIndex> indexes = new ArrayList<>(parts.size());
        long calls = 0;
        for (PlanStore.Part part : parts) {
            indexes.add(SkipIndex.decode(part.footer(), part.messages().size()));
            calls += indexes.get(indexes.size() - 1).totalCalls();
        }
        if (calls != t.groupImports() + t.peerImports()) {
            throw new IOException("its index counts " + calls + " import calls, its header "
                    + (t.groupImports() + t.peerImports()));
        }
        List<ScratchSpace.Run> runs = parts.stream().map(PlanStore.Part::messages).toList();
        return new Plan(new TimeOrderSorter.Sorted(runs, count, indexes), read, rejected, warnings, byRule, t.timelines(),
                t.groupConversations(), t.oneToOneConversations(), t.groupImports(), t.peerImports(), users, groups,
                fingerprint, ordered);
    }

    private static boolean readable(int format) {
        return format >= OLDEST_FORMAT && format <= FORMAT;
    }
}
