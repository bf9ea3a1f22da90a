package io.zimmigrate.core.plan;

import io.zimmigrate.core.table.IdTable;
import io.zimmigrate.core.table.SparseCounts;
import io.zimmigrate.core.journal.JournalKeys;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * Each timeline of a plan, by key: its import calls and first and last task ({@link TaskBounds}; streamed from the
 * kept plan when read back), numbered in the order first seen, in paged primitive columns. A one-to-one view is its
 * two users' numbers in the plan's {@link UserTable} (one long, no text): two timelines per conversation, millions of
 * them (issue #13), 50 B each where the key's text took 30 more and a {@code HashMap} ~250. Groups: {@link IdTable}.
 * A read-only {@link Map} to its users; the planner and the kept plan fill it through {@link #saw} and
 * {@link #put(String, Plan.TimelinePlan)}. Not thread-safe.
 *
 * <p>The engine, the journal's report and the run's counts address a timeline by its number here ({@link #numberOf}),
 * so a run's per-timeline state lives in primitive columns too (issue #13); the journal's state keys its rows by these
 * numbers, its provisioned users by the users', and its lines carry them (format 3, {@link #isKeyOf}).
 */
public final class TimelineTable extends AbstractMap<String, Plan.TimelinePlan> implements JournalKeys {

    private final UserTable users;
    /** Who each entry is, and the look-ups by it. */
    private final TimelineIds ids;
    /** A byte each (a one-to-one view has a few calls; a large group's count is kept beside): issue #13. */
    private final SparseCounts calls;
    /** Each timeline's first and last task: held, spilled beyond a budget, or streamed from a kept plan. */
    private TaskBounds bounds;
    private int size;
    /** One-to-one conversations: user pairs with a view either way (an accepted message has at least one). */
    private long conversations;

    /** A table with users of its own (tests). */
    TimelineTable() {
        this(new UserTable());
    }

    /** A table whose one-to-one views name users of {@code users}, numbering them there when new. */
    TimelineTable(UserTable users) {
        this(users, new TaskBounds());
    }

    /** A table whose bounds are {@code bounds}' (a plan from empty: held up to a budget, spilled beyond). */
    TimelineTable(UserTable users, TaskBounds bounds) {
        this(users, new TimelineIds(), new SparseCounts(), bounds);
    }

    /**
     * A kept plan's table as read back ({@link KeptTables}): its entries and each one's calls, not their first and
     * last task: {@code streamed} reads them again from where the plan is kept when {@link #forEachBounds} asks
     * (issue #13: 32 bytes per timeline less in a run).
     */
    TimelineTable(UserTable users, TimelineIds ids, SparseCounts calls, TaskBounds.Source streamed) {
        this(users, ids, calls, TaskBounds.streamedFrom(streamed));
    }

    private TimelineTable(UserTable users, TimelineIds ids, SparseCounts calls, TaskBounds bounds) {
        this.users = users;
        this.ids = ids;
        this.calls = calls;
        this.bounds = bounds;
        this.size = ids.size();
    }

    /** Each timeline's first and last task, by its number: see {@link #forEachBounds}. */
    public interface BoundsVisitor {
        void visit(int number, TaskKey first, TaskKey last);
    }

    /**
     * Gives every timeline's first and last task to {@code visitor}, in number order: from memory when the table
     * holds them (a plan just made), else streamed from the kept plan (a resume reads them once, to find where the
     * journal's settled prefix of the plan ends).
     */
    public void forEachBounds(BoundsVisitor visitor) {
        bounds.forEach(size, visitor);
    }

    /**
     * Reads the bounds a kept plan's table streams back into memory, so that the table can go on growing: a followed
     * input's growth adds timelines and messages to the kept plan's table and keeps it again, bounds and all.
     */
    void holdBounds() {
        bounds = bounds.held(size);
    }

    /** Whether the table holds its timelines' first and last tasks, or spills them: a plan just made. */
    boolean holdsBounds() {
        return bounds.holds();
    }

    /** Lets go of the bounds held or spilled, read from {@code kept} from now on ({@link KeptPlan#streamBounds}). */
    void streamBounds(TaskBounds.Source kept) {
        bounds = TaskBounds.streamedFrom(kept);
    }

    /** The planner saw the last task: bounds it spilled are merged, to be read back ({@link TaskBounds#finish}). */
    void finishBounds() {
        bounds.finish(size);
    }

    /** Whether some of the timelines' first and last tasks are on the scratch space (a large plan just made). */
    boolean spillsBounds() {
        return bounds.spills();
    }

    /**
     * The one-to-one conversations: pairs of users with a view either way. Counted as views are added, so the
     * planner keeps no set of conversations beside the table (issue #13: 10-14 bytes per conversation).
     */
    long conversations() {
        return conversations;
    }

    /** A table of no timelines. */
    public static TimelineTable empty() {
        return new TimelineTable();
    }

    /** The number of timeline {@code t} (0 to size - 1, in the order first seen), or -1 if it is not in the plan. */
    public int numberOf(Timeline t) {
        if (t instanceof Timeline.PeerTimeline p) {
            return pairNumber(users.indexOf(p.owner()), users.indexOf(p.peer()));
        }
        return ids.text(t.key(), false);
    }

    /** The number of the timeline keyed {@code key}, or -1 if it is not in the plan. */
    public int numberOf(String key) {
        return entry(key, false);
    }

    /** The key of timeline number {@code i}. */
    public String keyAt(int i) {
        return ids.key(i, users);
    }

    /** The import calls of timeline number {@code i}. */
    public long callsAt(int i) {
        return calls.get(i);
    }

    /** Whether timeline number {@code i} is a one-to-one view (imported by ImportPeerMsg). */
    public boolean isPeerAt(int i) {
        return ids.identity(i) >= 0;
    }

    @Override
    public int timelineCount() {
        return size;
    }

    @Override
    public int timelineNumber(String key) {
        return entry(key, false);
    }

    @Override
    public String timelineKey(int number) {
        return keyAt(number);
    }

    @Override // without making the key: a one-to-one view's two user IDs compared in place, a text key as is
    public boolean isKeyOf(int number, String key) {
        long id = number >= 0 && number < size ? ids.identity(number) : Long.MIN_VALUE;
        return id >= 0 ? users.isPairKey((int) (id >>> 32), (int) id, key)
                : id != Long.MIN_VALUE && ids.textIs((int) ~id, key);
    }

    @Override
    public int userCount() {
        return users.size();
    }

    @Override
    public int userNumber(String userId) {
        return users.indexOf(userId);
    }

    @Override
    public String userId(int number) {
        return users.id(number);
    }

    /** How many text keys (groups) there are, numbered 0, 1, 2, ... in the order first seen ({@link #sawText}). */
    int textCount() {
        return ids.textCount();
    }

    /** Text key number {@code j}. */
    String textKeyAt(int j) {
        return ids.textKey(j);
    }

    /** The number of the one-to-one view of user {@code owner} towards {@code peer} (plan numbers), or -1. */
    int pairNumber(int owner, int peer) {
        return owner < 0 || peer < 0 ? -1 : pairEntry(owner, peer, false);
    }

    /** Counts one call of timeline {@code t} for the task (sendTime, ordinal), in any order. */
    void saw(Timeline t, long sendTime, long ordinal) {
        int i = t instanceof Timeline.PeerTimeline p
                ? pairEntry(users.number(p.owner()), users.number(p.peer()), true)
                : textEntry(t.key(), true);
        saw(i, sendTime, ordinal);
    }

    /**
     * Counts one call of the one-to-one view of {@code owner} towards {@code peer}, both already numbered in the
     * plan's {@link UserTable}: the planner numbers a message's users once, not once per view.
     */
    void sawPeer(int owner, int peer, long sendTime, long ordinal) {
        saw(pairEntry(owner, peer, true), sendTime, ordinal);
    }

    /**
     * Counts one call of the timeline kept as text keyed {@code key} (a group's, as {@link Timeline#key()}) and
     * returns its number among the text keys (0, 1, 2, ... in the order first seen), which the planner indexes its
     * groups by instead of hashing each message's group ID a second time.
     */
    int sawText(String key, long sendTime, long ordinal) {
        int j = ids.textNumber(key);
        saw(added(ids.textEntryOf(j)), sendTime, ordinal);
        return j;
    }

    /** Counts one call of the timeline keyed {@code key} (as {@link Timeline#key()}). */
    void saw(String key, long sendTime, long ordinal) {
        saw(entry(key, true), sendTime, ordinal);
    }

    private void saw(int i, long sendTime, long ordinal) {
        calls.increment(i);
        bounds.saw(i, sendTime, ordinal);
    }

    @Override
    public Plan.TimelinePlan put(String key, Plan.TimelinePlan plan) {
        int i = entry(key, true);
        Plan.TimelinePlan before = calls.get(i) == 0 || !bounds.holds() ? null : at(i);
        calls.set(i, Math.toIntExact(plan.calls()));
        bounds.set(i, plan.first(), plan.last()); // not kept when streamed
        return before;
    }

    @Override
    public Plan.TimelinePlan get(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        int i = entry(k, false);
        return i < 0 ? null : at(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && entry(k, false) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    /** Bytes held (not counting the users' own table), for docs/performance.md. */
    long bytes() {
        return ids.bytes() + calls.bytes() + bounds.bytes();
    }

    @Override
    public Set<Entry<String, Plan.TimelinePlan>> entrySet() {
        return new TimelineEntries(this);
    }

    /** Entry {@code i}'s calls and first and last task (a table that holds them). */
    Plan.TimelinePlan at(int i) {
        if (!bounds.holds()) {
            throw new IllegalStateException("a kept plan's table holds no first and last tasks: use forEachBounds");
        }
        return new Plan.TimelinePlan(calls.get(i), bounds.first(i), bounds.last(i));
    }

    /** The entry of {@code key}, made when new and {@code add}; -1 when absent and not {@code add}. */
    private int entry(String key, boolean add) {
        int sep = key.startsWith("p:") ? key.indexOf('\u0000', 2) : -1;
        if (sep < 0) {
            return textEntry(key, add);
        }
        UserId owner = new UserId(key.substring(2, sep));
        UserId peer = new UserId(key.substring(sep + 1));
        if (add) {
            return pairEntry(users.number(owner), users.number(peer), true);
        }
        int o = users.indexOf(owner);
        int p = users.indexOf(peer);
        return o < 0 || p < 0 ? -1 : pairEntry(o, p, false);
    }

    private int textEntry(String key, boolean add) {
        return add ? added(ids.text(key, true)) : ids.text(key, false);
    }

    private int pairEntry(int owner, int peer, boolean add) {
        long id = (long) owner << 32 | (peer & 0xFFFFFFFFL);
        int e = ids.pair(id, false);
        if (e != PairSlots.EMPTY || !add) {
            return e;
        }
        if (ids.pair((long) peer << 32 | (owner & 0xFFFFFFFFL), false) == PairSlots.EMPTY) {
            conversations++; // not the other view of a conversation already counted
        }
        return added(ids.pair(id, true));
    }

    /** Entry {@code i}, just looked up with add: the columns this table keeps per entry reach the entries made. */
    private int added(int i) {
        while (size < ids.size()) {
            calls.reach(size);
            bounds.add(size);
            size++;
        }
        return i;
    }

    /** The entries' identities, for {@link KeptTables} to write as they sit in memory. */
    TimelineIds ids() {
        return ids;
    }

    /** The entries' calls, as above. */
    SparseCounts calls() {
        return calls;
    }

    UserTable users() {
        return users;
    }
}
