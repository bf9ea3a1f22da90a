package io.zimmigrate.core.plan;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.table.FingerprintSet;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One streaming pass over a source: validate every record, report rejections as they are found, and order the
 * valid messages by (send time, input position) on scratch space. Memory stays bounded by the sort budget plus
 * per-timeline and per-user counters, never by the size of the export.
 */
public final class Planner {
    /** Sort buffer: enough to sort most exports in one run, small enough for a 256 MB heap. */
    public static final long DEFAULT_SORT_BUDGET = 48L << 20;
    /** The least sort buffer, however big the tables grow: runs of fewer records only mean more of them to merge. */
    static final long MIN_SORT_BUDGET = 2L << 20;

    private final InputRules rules;
    private final ScratchSpace scratch;
    private final long sortBudget;
    /** Where records are checked and encoded ahead of the planning thread; null: on it, one by one. */
    private final Executor workers;
    /** The fingerprint's state after the last plan's messages, before its record count: what a growth goes on from. */
    /** The members' table's most slots ({@link MemberSpill}); 0: a {@link MemberSet} per group (a test's "before"). */
    private final int memberSlots;
    /** The most bytes of the ID set's table when planning from empty (Long.MAX_VALUE: it never spills). */
    private final long idBudget;
    private PlanHasher fingerprintState;
    private FingerprintSet lastIds;
    private long[] rejectedIds = new long[0];

    /** With the default sort budget, or a fifth of the heap when that is less (a small heap must not fill with it). */
    public Planner(InputRules rules, ScratchSpace scratch) {
        this(rules, scratch, Math.min(DEFAULT_SORT_BUDGET, Runtime.getRuntime().maxMemory() / 5));
    }

    public Planner(InputRules rules, ScratchSpace scratch, long sortBudgetBytes) {
        this(rules, scratch, sortBudgetBytes, null, MemberSpill.MAX_SLOTS, FingerprintSet.idBudget());
    }

    private Planner(InputRules rules, ScratchSpace scratch, long sortBudgetBytes, Executor workers, int memberSlots,
                    long idBudget) {
        this.rules = rules;
        this.scratch = scratch;
        this.sortBudget = sortBudgetBytes;
        this.workers = workers;
        this.memberSlots = memberSlots;
        this.idBudget = idBudget;
    }

    /** This planner with the members' table of at most {@code maxSlots} (0: members held as before, in memory). */
    Planner memberSlots(int maxSlots) {
        return new Planner(rules, scratch, sortBudget, workers, maxSlots, idBudget);
    }

    /** This planner with an ID table of at most {@code bytes} (Long.MAX_VALUE: never spilled, a test's "before"). */
    Planner idBudget(long bytes) {
        return new Planner(rules, scratch, sortBudget, workers, memberSlots, bytes);
    }

    /** The ID set the last {@link #plan} with workers kept (tests and diagnostics); null before one. */
    FingerprintSet lastIds() {
        return lastIds;
    }

    /**
     * This planner, checking and encoding records in chunks on {@code workers} (the caller's threads: core starts
     * none) while the calling thread keeps what depends on input order: the ID set, the tables, the sort. The plan,
     * the rejections and their order are the same as without (PlannerWorkersTest). The {@link InputRules} given is
     * then asked for its {@link MessageRules} only: the pass keeps its own ID set, as a fresh InputRules would.
     */
    public Planner preparingOn(Executor workers) {
        return new Planner(rules, scratch, sortBudget, java.util.Objects.requireNonNull(workers, "workers"),
                memberSlots, idBudget);
    }

    /**
     * Plans {@code source} as validated at {@code nowMillis}; each rejection goes to {@code rejections} as soon
     * as it is found.
     */
    public Plan plan(MessageSource source, long nowMillis, Consumer<Rejection> rejections) {
        UserTable users = new UserTable();
        return plan(source, nowMillis, rejections, new Start(rules, new PlanHasher(), new TreeMap<>(), users,
                new TimelineTable(users), new ArrayList<>(), new FingerprintSet(), 0, 0, 0, 0, 0, null));
    }

    /**
     * The state of the fingerprint after the last {@link #plan}'s messages, before its record count goes in: kept
     * with the plan, a plan of the same input grown by appended records goes on from it ({@link PlanGrowth}).
     */
    public PlanHasher fingerprintState() {
        return fingerprintState.copy();
    }

    /**
     * The fingerprints of the {@code Id}s the last {@link #plan}'s rejected records claimed (the first record with
     * an ID claims it, valid or not): kept with the plan, a growth rejects an appended record reusing one as a plan
     * of the whole input does, though the kept plan holds valid messages only (issue 15).
     */
    public long[] rejectedIds() {
        return rejectedIds.clone();
    }

    /** Where a pass starts: empty tables and totals for a plan, an earlier plan's for a growth. */
    record Start(InputRules rules, PlanHasher fingerprint, Map<String, Long> byRule, UserTable users,
                 TimelineTable timelines, List<GroupBuilder> groups, FingerprintSet peerConversations, long read,
                 long rejected, long warnings, long groupImports, long peerImports, Boundaries boundaries) {}

    /** Told the fingerprint a plan of the records so far would have, after each record (a growth looks for one). */
    @FunctionalInterface
    interface Boundaries {
        void after(long read, PlanHasher fingerprintBeforeCount);
    }

    /**
     * Plans {@code source} on from {@code start}: its tables and totals go on from there (a growth: an earlier plan's),
     * the messages are this source's alone. Workers check records only for a plan from empty: a growth's duplicate
     * IDs are judged against the earlier plan's, which only {@code start}'s rules hold.
     */
    Plan plan(MessageSource source, long nowMillis, Consumer<Rejection> rejections, Start start) {
        Pass pass = new Pass(rejections, start);
        try (MessageSource.RecordStream records = source.open()) {
            if (workers == null || start.read() > 0) {
                while (records.hasNext()) {
                    SourceRecord record = records.next();
                    Validation v = start.rules().check(record, nowMillis);
                    if (v instanceof Validation.Accepted a) {
                        Message m = a.message();
                        pass.take(v, MessageCodec.encode(m), groupKey(m), pairFingerprint(m));
                    } else {
                        pass.take(v, null, null, 0);
                    }
                }
            } else {
                planPrepared(new PreparedRecords(records, workers, rules.messageRules(), nowMillis), nowMillis, pass);
            }
        }
        return pass.finish();
    }

    /**
     * The records as {@link #plan} checks them in place, from chunks checked and encoded on the workers: only the
     * ID's claim is made here, in input order, as {@link InputRules#check} makes it. A duplicate's verdict is
     * InputRules' own (a fresh instance shown the record twice), so its wording cannot drift from the sequential
     * path; duplicates are rare, and that costs two validations each.
     */
    private void planPrepared(PreparedRecords prepared, long nowMillis, Pass pass) {
        FingerprintSet seenIds = idBudget == Long.MAX_VALUE ? new FingerprintSet()
                : FingerprintSet.spillingTo(scratch, idBudget);
        lastIds = seenIds;
        for (PreparedRecords.Chunk c = prepared.next(); c != null; c = prepared.next()) {
            for (int i = 0; i < c.prepared; i++) {
                SourceRecord record = c.records[i];
                c.records[i] = null;
                Validation v;
                if (c.hasId[i] && !seenIds.add(c.idFingerprints[i])) {
                    InputRules once = new InputRules(rules.messageRules());
                    once.check(record, nowMillis);
                    v = once.check(record, nowMillis);
                } else {
                    v = record instanceof SourceRecord.Unreadable u ? new Validation.Rejected(u.rejection())
                            : c.verdicts[i];
                }
                if (v instanceof Validation.Accepted) {
                    pass.take(v, c.encoded[i], c.groupKeys[i], c.pairFingerprints[i]);
                } else {
                    pass.take(v, null, null, 0);
                }
            }
            if (c.failure != null) {
                throw PreparedRecords.<RuntimeException>sneaky(c.failure);
            }
        }
    }

    /** One pass's tables and counters, fed the verdicts in input order. */
    private final class Pass {
        private final Consumer<Rejection> rejections;
        private final TimeOrderSorter sorter = new TimeOrderSorter(scratch, sortBudget, workers);
        private final PlanHasher fingerprint;
        private final Map<String, Long> byRule;
        // Per timeline, user, membership and conversation: primitive tables, not an object each (issue #13).
        private final UserTable users;
        private final TimelineTable timelines;
        // By the group timeline's text number in the timeline table: groups are its only text keys here.
        private final List<GroupBuilder> groups;
        /** Planning from empty, the groups' members go to the scratch space; a growth extends MemberSets. */
        private final MemberSpill members;
        private final FingerprintSet peerConversations;
        private final long startRead;
        private final Boundaries boundaries;
        private long read;
        private long rejected;
        private long warnings;
        private long groupImports;
        private long peerImports;
        private long[] claims = new long[0];
        private int claimedIds;

        Pass(Consumer<Rejection> rejections, Start start) {
            this.rejections = rejections;
            this.fingerprint = start.fingerprint();
            this.byRule = start.byRule();
            this.users = start.users();
            this.timelines = start.timelines();
            this.groups = start.groups();
            this.members = start.read() == 0 && groups.isEmpty() && memberSlots > 0
                    ? new MemberSpill(scratch, users, memberSlots) : null;
            this.peerConversations = start.peerConversations();
            this.startRead = start.read();
            this.boundaries = start.boundaries();
            this.read = start.read();
            this.rejected = start.rejected();
            this.warnings = start.warnings();
            this.groupImports = start.groupImports();
            this.peerImports = start.peerImports();
        }

        /**
         * The next record's verdict and, when accepted, its encoded form, its group timeline's key (a group message)
         * and its conversation's fingerprint (a one-to-one message): what {@link #groupKey} and
         * {@link #pairFingerprint} give, computed on a worker when there are workers.
         */
        void take(Validation v, byte[] encoded, String groupKey, long pairFingerprint) {
            read++;
            if (boundaries != null && read > startRead + 1) {
                boundaries.after(read - 1, fingerprint); // the records before this one
            }
            if (v instanceof Validation.Rejected r) {
                rejected++;
                boolean claimed = r.rejection().id() != null && !r.rejection().id().isEmpty();
                for (Violation violation : r.rejection().violations()) {
                    byRule.merge(violation.rule(), 1L, Long::sum);
                    claimed &= !InputRules.RULE_DUPLICATE_ID.equals(violation.rule());
                }
                if (claimed) { // the first record with this ID, rejected for another reason: the ID is taken
                    if (claimedIds == claims.length) {
                        claims = java.util.Arrays.copyOf(claims, Math.max(16, claims.length * 2));
                    }
                    claims[claimedIds++] = FingerprintSet.fingerprint(r.rejection().id());
                }
                rejections.accept(r.rejection());
                return;
            }
            Validation.Accepted accepted = (Validation.Accepted) v;
            warnings += accepted.warnings().size();
            Message m = accepted.message();
            int content = MessageCodec.contentLength(encoded);
            fingerprint.putInt(content).putBytes(encoded, 0, content);
            if ((read & 1023) == 0) { // the tables grow: the sort buffer gives way to them
                sorter.budget(sortBudgetBeside(timelines.bytes() + users.bytes() + 16L * peerConversations.size()
                        + (members == null ? 0 : members.bytes())));
            }
            sorter.add(encoded);

            // Each user numbered once per message, each group found once: the user and group tables were a
            // third of P4's planning thread when every view and the member set looked them up again (issue #13).
            int sender = users.number(m.sender());
            int recipient = -1;
            if (m.conversation() instanceof Conversation.OneToOne o) {
                recipient = users.number(o.recipient());
                peerConversations.add(pairFingerprint);
            }
            for (Timeline t : m.timelines()) {
                if (t instanceof Timeline.PeerTimeline view) {
                    boolean sendersView = view.owner().equals(m.sender());
                    timelines.sawPeer(sendersView ? sender : recipient, sendersView ? recipient : sender,
                            m.sendTime(), m.ordinal());
                    peerImports++;
                } else {
                    int group = timelines.sawText(groupKey, m.sendTime(), m.ordinal());
                    groupBuilder(groups, group, ((Conversation.Group) m.conversation()).groupId(), users, members)
                            .saw(m, sender);
                    groupImports++;
                }
            }
        }

        Plan finish() {
            fingerprintState = fingerprint.copy();
            rejectedIds = java.util.Arrays.copyOf(claims, claimedIds);
            fingerprint.putLong(read);
            if (members != null) {
                members.finish();
            }
            Map<GroupId, Plan.GroupPlan> groupPlans = new HashMap<>();
            for (GroupBuilder b : groups) {
                groupPlans.put(b.id(), b.build());
            }
            return new Plan(sorter.finish(), read, rejected, warnings, byRule, timelines, groups.size(),
                    peerConversations.size(), groupImports, peerImports, users, groupPlans,
                    fingerprint.hash(), sorter.wasOrdered());
        }
    }

    /**
     * The sort buffer next to tables of {@code tableBytes}: at most a quarter of the heap they leave, so that the
     * tables (which must stay in memory) and the buffer (which may spill sooner) fit together.
     */
    private long sortBudgetBeside(long tableBytes) {
        long left = Runtime.getRuntime().maxMemory() - tableBytes;
        return Math.min(sortBudget, Math.max(MIN_SORT_BUDGET, left / 4));
    }

    /** The builder of group number {@code number} (numbers come in order: a new one is the next). */
    private static GroupBuilder groupBuilder(List<GroupBuilder> groups, int number, GroupId id, UserTable users,
                                             MemberSpill spill) {
        if (number < groups.size()) {
            return groups.get(number);
        }
        if (number != groups.size()) {
            throw new IllegalStateException("group " + id + " numbered " + number + " after " + groups.size());
        }
        GroupBuilder b = spill == null ? new GroupBuilder(id, users) : new GroupBuilder(id, spill, number);
        groups.add(b);
        return b;
    }

    /** The key of {@code m}'s group timeline, or null when it is not a group message. */
    static String groupKey(Message m) {
        return m.conversation() instanceof Conversation.Group g ? new Timeline.GroupTimeline(g.groupId()).key() : null;
    }

    /** The fingerprint of {@code m}'s one-to-one conversation (its two users, in order), or 0 for a group message. */
    static long pairFingerprint(Message m) {
        return m.conversation() instanceof Conversation.OneToOne o
                ? FingerprintSet.fingerprint(pairKey(m.sender(), o.recipient())) : 0;
    }

    static String pairKey(UserId a, UserId b) {
        return a.compareTo(b) < 0 ? a.value() + '\u0000' + b.value() : b.value() + '\u0000' + a.value();
    }
}
