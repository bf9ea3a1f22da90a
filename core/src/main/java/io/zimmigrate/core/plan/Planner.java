package io.zimmigrate.core.plan;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.FingerprintSet;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.core.validation.InputRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    /** The fingerprint's state after the last plan's messages, before its record count: what a growth goes on from. */
    private PlanHasher fingerprintState;

    /** With the default sort budget, or a fifth of the heap when that is less (a small heap must not fill with it). */
    public Planner(InputRules rules, ScratchSpace scratch) {
        this(rules, scratch, Math.min(DEFAULT_SORT_BUDGET, Runtime.getRuntime().maxMemory() / 5));
    }

    public Planner(InputRules rules, ScratchSpace scratch, long sortBudgetBytes) {
        this.rules = rules;
        this.scratch = scratch;
        this.sortBudget = sortBudgetBytes;
    }

    /**
     * Plans {@code source} as validated at {@code nowMillis}; each rejection goes to {@code rejections} as soon
     * as it is found.
     */
    public Plan plan(MessageSource source, long nowMillis, Consumer<Rejection> rejections) {
        UserTable users = new UserTable();
        return plan(source, nowMillis, rejections, new Pass(rules, new PlanHasher(), new TreeMap<>(), users,
                new TimelineTable(users), new ArrayList<>(), new FingerprintSet(), 0, 0, 0, 0, 0, null));
    }

    /**
     * The state of the fingerprint after the last {@link #plan}'s messages, before its record count goes in: kept
     * with the plan, a plan of the same input grown by appended records goes on from it ({@link PlanGrowth}).
     */
    public PlanHasher fingerprintState() {
        return fingerprintState.copy();
    }

    /** One pass's running totals and tables: empty for a plan, an earlier plan's for a growth. */
    record Pass(InputRules rules, PlanHasher fingerprint, Map<String, Long> byRule, UserTable users,
                TimelineTable timelines, List<GroupBuilder> groups, FingerprintSet peerConversations, long read,
                long rejected, long warnings, long groupImports, long peerImports, Boundaries boundaries) {}

    /** Told the fingerprint a plan of the records so far would have, after each record (a growth looks for one). */
    @FunctionalInterface
    interface Boundaries {
        void after(long read, PlanHasher fingerprintBeforeCount);
    }

    /**
     * Plans {@code source} on from {@code start}: its tables and totals go on from there (a growth: an earlier plan's),
     * the messages are this source's alone.
     */
    Plan plan(MessageSource source, long nowMillis, Consumer<Rejection> rejections, Pass start) {
        InputRules rules = start.rules();
        TimeOrderSorter sorter = new TimeOrderSorter(scratch, sortBudget);
        PlanHasher fingerprint = start.fingerprint();
        Map<String, Long> byRule = start.byRule();
        // Per timeline, user, membership and conversation: primitive tables, not an object each (issue #13).
        UserTable users = start.users();
        TimelineTable timelines = start.timelines();
        // By the group timeline's text number in the timeline table: groups are its only text keys here.
        List<GroupBuilder> groups = start.groups();
        FingerprintSet peerConversations = start.peerConversations();
        long read = start.read();
        long rejected = start.rejected();
        long warnings = start.warnings();
        long groupImports = start.groupImports();
        long peerImports = start.peerImports();

        try (MessageSource.RecordStream records = source.open()) {
            while (records.hasNext()) {
                SourceRecord record = records.next();
                read++;
                if (start.boundaries() != null && read > start.read() + 1) {
                    start.boundaries().after(read - 1, fingerprint); // the records before this one
                }
                Validation v = rules.check(record, nowMillis);
                if (v instanceof Validation.Rejected r) {
                    rejected++;
                    for (Violation violation : r.rejection().violations()) {
                        byRule.merge(violation.rule(), 1L, Long::sum);
                    }
                    rejections.accept(r.rejection());
                    continue;
                }
                Validation.Accepted accepted = (Validation.Accepted) v;
                warnings += accepted.warnings().size();
                Message m = accepted.message();
                byte[] encoded = MessageCodec.encode(m);
                int content = MessageCodec.contentLength(encoded);
                fingerprint.putInt(content).putBytes(encoded, 0, content);
                if ((read & 1023) == 0) { // the tables grow: the sort buffer gives way to them
                    sorter.budget(sortBudgetBeside(timelines.bytes() + users.bytes() + 16L * peerConversations.size()));
                }
                sorter.add(encoded);

                // Each user numbered once per message, each group found once: the user and group tables were a
                // third of P4's planning thread when every view and the member set looked them up again (issue #13).
                int sender = users.number(m.sender());
                int recipient = -1;
                if (m.conversation() instanceof Conversation.OneToOne o) {
                    recipient = users.number(o.recipient());
                    peerConversations.add(pairKey(m.sender(), o.recipient()));
                }
                for (Timeline t : m.timelines()) {
                    if (t instanceof Timeline.PeerTimeline view) {
                        boolean sendersView = view.owner().equals(m.sender());
                        timelines.sawPeer(sendersView ? sender : recipient, sendersView ? recipient : sender,
                                m.sendTime(), m.ordinal());
                        peerImports++;
                    } else {
                        int group = timelines.sawText(t.key(), m.sendTime(), m.ordinal());
                        groupBuilder(groups, group, ((Conversation.Group) m.conversation()).groupId(), users)
                                .saw(m, sender);
                        groupImports++;
                    }
                }
            }
        }
        fingerprintState = fingerprint.copy();
        fingerprint.putLong(read);
        Map<GroupId, Plan.GroupPlan> groupPlans = new HashMap<>();
        for (GroupBuilder b : groups) {
            groupPlans.put(b.id, b.build());
        }
        return new Plan(sorter.finish(), read, rejected, warnings, byRule, timelines, groups.size(),
                peerConversations.size(), groupImports, peerImports, users, groupPlans,
                fingerprint.hash(), sorter.wasOrdered());
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
    private static GroupBuilder groupBuilder(List<GroupBuilder> groups, int number, GroupId id, UserTable users) {
        if (number < groups.size()) {
            return groups.get(number);
        }
        if (number != groups.size()) {
            throw new IllegalStateException("group " + id + " numbered " + number + " after " + groups.size());
        }
        GroupBuilder b = new GroupBuilder(id, users);
        groups.add(b);
        return b;
    }

    static String pairKey(UserId a, UserId b) {
        return a.compareTo(b) < 0 ? a.value() + '\u0000' + b.value() : b.value() + '\u0000' + a.value();
    }

    /** Collects who wrote in a group and when, for CreateGroup. */
    static final class GroupBuilder {
        private final GroupId id;
        private final MemberSet members;
        private UserId owner;
        private long ownerKeyTime = Long.MAX_VALUE;
        private long ownerKeyOrdinal = Long.MAX_VALUE;
        private long oldest = Long.MAX_VALUE;

        GroupBuilder(GroupId id, UserTable users) {
            this.id = id;
            this.members = new MemberSet(users);
        }

        /** Goes on from an earlier plan's group: an appended message becomes its owner only when sent earlier. */
        GroupBuilder(Plan.GroupPlan earlier) {
            this.id = earlier.groupId();
            this.members = (MemberSet) earlier.members();
            this.owner = earlier.owner();
            this.ownerKeyTime = earlier.ownerSendTime();
            this.ownerKeyOrdinal = Long.MIN_VALUE; // the earlier owner's position comes before any appended one
            this.oldest = earlier.oldestSendTime() == 0 ? Long.MAX_VALUE : earlier.oldestSendTime();
        }

        void saw(Message m, int sender) {
            members.addNumber(sender);
            long t = m.sendTime();
            if (t < ownerKeyTime || t == ownerKeyTime && m.ordinal() < ownerKeyOrdinal) {
                owner = m.sender();
                ownerKeyTime = t;
                ownerKeyOrdinal = m.ordinal();
            }
            if (t > 0 && t < oldest) {
                oldest = t;
            }
        }

        Plan.GroupPlan build() {
            return new Plan.GroupPlan(id, owner, ownerKeyTime, members, oldest == Long.MAX_VALUE ? 0 : oldest);
        }
    }
}
