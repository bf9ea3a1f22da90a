package io.zimmigrate.core.plan;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.table.FingerprintSet;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A plan of an input that only grew since its plan was kept (issue 15, {@code run --follow}): the appended records
 * are planned alone, on from the kept plan's tables, totals, IDs and fingerprint state, and merged with its messages.
 * The result is the plan a plan of the whole grown input makes (the same messages, keys, tables and fingerprint),
 * at the cost of the appended records plus one pass over the kept plan's IDs (for duplicates), without reading,
 * validating or sorting the earlier records again.
 *
 * <p>The kept plan says what it was made from in a trailer after its header: the input's extent
 * ({@link io.zimmigrate.core.port.GrowingSource#extent()}) and the fingerprint's state before the record count.
 */
public final class PlanGrowth {
    /** "GRO2": with the IDs rejected records claimed; a plan kept with "GROW" (session 9) is planned again. */
    private static final int MARKER = 0x47524F32;
    /** The most parts a kept plan is made of (its first and the growths appended to it) before it is kept whole. */
    static final int MAX_PARTS = 64;

    private PlanGrowth() {}

    /**
     * A kept plan that can grow: the plan, the extent of the input it was made from, its fingerprint's state and the
     * fingerprints of the IDs its rejected records claimed ({@link Planner#rejectedIds()}).
     */
    public record Growable(Plan plan, String extent, PlanHasher state, long[] rejectedIds, byte[] completionMark) {
        /** Without a {@link CompletionMark}. */
        public Growable(Plan plan, String extent, PlanHasher state, long[] rejectedIds) {
            this(plan, extent, state, rejectedIds, new byte[0]);
        }
    }

    /**
     * The merged plan and its fingerprint state; {@code appended} are the appended messages alone, in plan order
     * (a delta's late rule looks at those only), of the {@code appendedRecords} records read after the
     * {@code recordsBefore} of the kept plan; {@code earlierGroups} are the kept plan's groups as they were (each one's
     * first members), for the journal's records of their members ({@code GroupMembersCarry}).
     */
    public record Grown(Plan plan, PlanHasher state, long[] rejectedIds, FingerprintSet ids,
                        TimeOrderSorter.Sorted appended, long recordsBefore, long appendedRecords,
                        long journaledRecords, boolean compactionDue, Map<GroupId, Plan.GroupPlan> earlierGroups) {
        /** Whether the journal belongs to the kept plan's input or to it grown by some of the appended records. */
        public boolean journalFound() {
            return journaledRecords >= 0;
        }
    }

    /**
     * The trailer that marks a kept plan as made from {@code extent}, with its fingerprint's {@code state} and the
     * IDs its rejected records claimed.
     */
    public static byte[] trailer(String extent, PlanHasher state, long[] rejectedIds) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MARKER);
            byte[] e = extent.getBytes(StandardCharsets.UTF_8);
            out.writeInt(e.length);
            out.write(e);
            state.writeTo(out);
            out.writeInt(rejectedIds.length);
            for (long id : rejectedIds) {
                out.writeLong(id);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After {@code grown} was kept as made from {@code extent}: its IDs, for the next growth in this process. */
    public static void remember(GrowthMemory memory, String extent, Grown grown) {
        if (memory != null) {
            memory.remember(extent, grown.ids());
        }
    }

    /** Keeps {@code plan} as made from {@code extent} (atomically, as {@link KeptPlan#keep}). */
    public static void keep(PlanStore store, String key, Plan plan, String extent, PlanHasher state,
                            long[] rejectedIds) {
        KeptPlan.keep(store, key, plan, trailer(extent, state, rejectedIds));
    }

    /**
     * Keeps {@code grown} as the kept plan plus its appended messages, one more part ({@link PlanStore#extend}),
     * in the pending generation when {@code pending}; false when the store cannot (keep it whole then).
     */
    public static boolean extend(PlanStore store, String key, Grown grown, String extent, boolean pending) {
        return KeptPlanWriter.extend(store, key, grown.plan(), trailer(extent, grown.state(), grown.rejectedIds()),
                grown.appended(), pending);
    }

    /**
     * Keeps the plan {@code store} keeps whole again when it is in more than {@value #MAX_PARTS} parts or the parts
     * appended to its first hold more messages than it (issue 15): asked after a growth's run, so a follow's growth
     * appends a part and sends first; a resume then merges few runs, and the rewrite costs one growth in many. The
     * same plan, the same trailer: the journal names it as before, and a crash leaves it whole or in parts. True if
     * it did.
     */
    public static boolean compact(PlanStore store, String key) {
        try {
            return compactIfDue(store, key);
        } catch (RuntimeException e) {
            return false; // the plan in parts stays as good: the next run tries again
        }
    }

    private static boolean compactIfDue(PlanStore store, String key) {
        Optional<PlanStore.Stored> stored = store.find();
        if (stored.isEmpty() || stored.get().parts().size() < 2) {
            return false;
        }
        List<PlanStore.Part> parts = stored.get().parts();
        long appended = parts.stream().skip(1).mapToLong(p -> p.messages().size()).sum();
        if (parts.size() <= MAX_PARTS && appended <= parts.get(0).messages().size()) {
            return false;
        }
        Optional<Growable> kept = find(store, key);
        kept.ifPresent(g -> {
            g.plan().timelineTable().holdBounds(); // a kept plan's table streams them from the header it replaces
            byte[] trailer = trailer(g.extent(), g.state(), g.rejectedIds());
            byte[] marked = java.util.Arrays.copyOf(trailer, trailer.length + g.completionMark().length);
            System.arraycopy(g.completionMark(), 0, marked, trailer.length, g.completionMark().length);
            KeptPlan.keep(store, key, g.plan(), marked); // a completion mark kept on (CompletionMark)
        });
        return kept.isPresent();
    }

    /**
     * The plan {@code store} keeps, when it was kept under the same rules as {@code key} says (whatever the input's
     * identity) and it says what input it was made from; empty otherwise.
     */
    public static Optional<Growable> find(PlanStore store, String key) {
        try {
            KeptPlan.WithTrailer kept = KeptPlan.withTrailer(store);
            if (kept == null || kept.trailer().length == 0) {
                return Optional.empty();
            }
            if (!rulesOf(kept.key()).equals(rulesOf(key))) {
                return Optional.empty();
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(kept.trailer()));
            if (in.readInt() != MARKER) {
                return Optional.empty();
            }
            int length = in.readInt();
            if (length < 0 || length > kept.trailer().length) {
                return Optional.empty();
            }
            byte[] extent = new byte[length];
            in.readFully(extent);
            PlanHasher state = PlanHasher.readFrom(in);
            int claimed = in.readInt();
            if (claimed < 0 || claimed > kept.trailer().length / 8) {
                return Optional.empty();
            }
            long[] rejectedIds = new long[claimed];
            for (int i = 0; i < claimed; i++) {
                rejectedIds[i] = in.readLong();
            }
            return Optional.of(new Growable(kept.plan(), new String(extent, StandardCharsets.UTF_8), state,
                    rejectedIds, CompletionMark.markOf(kept.trailer())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The part of a kept plan's key that is the rules (everything but the source's identity). */
    private static String rulesOf(String key) {
        int at = key == null ? -1 : key.indexOf("|source=");
        return at < 0 ? "" : key.substring(0, at);
    }

    /**
     * Plans {@code appended} (the records after what {@code earlier} was made from) on from {@code earlier}, validated
     * at {@code nowMillis}, each rejection to {@code rejections}, and merges it with {@code earlier}'s messages.
     * {@code earlier} is used up: its tables are the merged plan's.
     */
    public static Grown grow(Growable earlier, MessageSource appended, MessageRules rules, ScratchSpace scratch,
                             long nowMillis, Consumer<Rejection> rejections, String journaled) {
        return grow(earlier, appended, rules, scratch, nowMillis, rejections, journaled, null);
    }

    /**
     * The same, with the IDs of the kept plan's input from {@code memory} when it holds them (an earlier growth of
     * this follow kept them there, {@link #remember}), else read from the kept plan's messages.
     */
    public static Grown grow(Growable earlier, MessageSource appended, MessageRules rules, ScratchSpace scratch,
                             long nowMillis, Consumer<Rejection> rejections, String journaled, GrowthMemory memory) {
        Plan before = earlier.plan();
        // Which records the journal's input holds: the kept plan's, or those and the first of the appended ones (a
        // growth that rewrote the journal and stopped before it kept its plan). Found by the fingerprint a plan of
        // them has, at each record.
        long[] journaledRecords = {before.fingerprint().equals(journaled) ? before.recordsRead() : -1};
        Planner.Boundaries boundaries = (read, state) -> {
            if (journaledRecords[0] < 0 && state.copy().putLong(read).hash().equals(journaled)) {
                journaledRecords[0] = read;
            }
        };
        if (!(before.users() instanceof UserTable users)) {
            throw new IllegalStateException("a kept plan's users are a table");
        }
        TimelineTable timelines = before.timelineTable();
        timelines.holdBounds(); // a kept plan's table streams them (issue #13); a growth extends and keeps them again
        long lastBefore = Long.MIN_VALUE;
        for (int i = 0; i < timelines.timelineCount(); i++) {
            lastBefore = Math.max(lastBefore, timelines.get(timelines.keyAt(i)).last().sendTime());
        }
        FingerprintSet ids = memory == null ? null : memory.take(earlier.extent());
        if (ids == null) {
            ids = new FingerprintSet(before.recordsRead());
            try (ScratchSpace.RunReader r = before.messages().read()) {
                while (r.hasNext()) {
                    ids.add(MessageCodec.id(r.next()));
                }
            }
            for (long id : earlier.rejectedIds()) { // taken though not planned: a whole-file plan rejects their reuse
                ids.add(id);
            }
        }
        List<GroupBuilder> groups = new ArrayList<>();
        Map<GroupId, Plan.GroupPlan> earlierGroups = new LinkedHashMap<>();
        for (int j = 0; j < timelines.textCount(); j++) {
            String key = timelines.textKeyAt(j);
            Plan.GroupPlan group = before.groups().get(new GroupId(key.substring(2)));
            if (group == null) {
                throw new IllegalStateException("the kept plan has no group for timeline " + key);
            }
            groups.add(new GroupBuilder(group));
            // The growth adds to the same set of members, after those: the earlier group is its first ones.
            earlierGroups.put(group.groupId(), new Plan.GroupPlan(group.groupId(), group.owner(),
                    group.ownerSendTime(), new FirstMembers(group.members(), group.members().size()),
                    group.oldestSendTime()));
        }
        InputRules inputRules = new InputRules(rules, ids, before.recordsRead());
        PlanHasher state = earlier.state().copy();
        Planner.Start start = new Planner.Start(inputRules, state, new TreeMap<>(before.rejectionsByRule()), users,
                timelines, groups, before.recordsRead(), before.rejectedRecords(), before.warnings(),
                before.groupImports(), before.peerImports(), boundaries);
        Planner planner = new Planner(inputRules, scratch);
        Plan added = planner.plan(appended, nowMillis, rejections, start);
        List<ScratchSpace.Run> runs = new ArrayList<>(before.messages().runs());
        runs.addAll(added.messages().runs());
        long firstAdded = Long.MAX_VALUE;
        try (ScratchSpace.RunReader r = added.messages().read()) {
            if (r.hasNext()) {
                firstAdded = MessageCodec.sendTime(r.next());
            }
        }
        boolean ordered = before.inputWasOrdered() && added.inputWasOrdered() && firstAdded >= lastBefore;
        Plan merged = new Plan(new TimeOrderSorter.Sorted(runs, before.validMessages() + added.validMessages()),
                added.recordsRead(), added.rejectedRecords(), added.warnings(), added.rejectionsByRule(), timelines,
                added.groupConversations(), added.oneToOneConversations(), added.groupImports(), added.peerImports(),
                users, added.groups(), added.fingerprint(), ordered);
        if (journaledRecords[0] < 0 && added.fingerprint().equals(journaled)) {
            journaledRecords[0] = added.recordsRead();
        }
        long[] addedClaims = planner.rejectedIds();
        long[] claims = java.util.Arrays.copyOf(earlier.rejectedIds(), earlier.rejectedIds().length + addedClaims.length);
        System.arraycopy(addedClaims, 0, claims, earlier.rejectedIds().length, addedClaims.length);
        // Kept whole again in the growth itself only when the parts are twice as many, or hold twice as much, as
        // compact() lets them be after a run: runs stopped early left them uncompacted (issue 15).
        List<ScratchSpace.Run> keptParts = before.messages().runs();
        long appendedParts = added.validMessages();
        for (int i = 1; i < keptParts.size(); i++) {
            appendedParts += keptParts.get(i).size();
        }
        boolean compact = keptParts.size() + 1 > 2 * MAX_PARTS || appendedParts > 2 * keptParts.get(0).size();
        return new Grown(merged, planner.fingerprintState(), claims, ids, added.messages(), before.recordsRead(),
                added.recordsRead() - before.recordsRead(), journaledRecords[0], compact, earlierGroups);
    }
}
