package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TimelineProgress;
import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.plan.TimeOrderSorter;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.wire.Action;
import java.util.function.Consumer;

/**
 * Reads a run's plan into {@link Lane lanes}, up to the read-ahead, passing over what the journal already settled
 * without decoding it: the settled prefix by the kept plan's index, then the group messages settled further along
 * by their key and group alone. What it reads goes to the lanes; what it passes over is counted as done in the
 * {@link Ledger}.
 */
final class ReadAhead implements AutoCloseable {
    /**
     * How many tasks the run reads ahead of what it has sent (the lanes' queues together), by default. Each queued
     * task costs about 650 bytes (the decoded message, its task, key and queue entries), so 20,000 are about 13 MB of
     * a 256 MiB heap where 100,000 were 65 MB, a quarter of it (issue #13: the heap is for the per-timeline tables).
     * The schedule ranks lanes by the plan's remaining calls per timeline (not by what is read ahead), but a lane
     * takes part only once its first task is read: a long chain whose first message lies more than this many calls
     * into the plan starts late. 20,000 calls are 500 s of sending at both caps (40/s); the skewed histories of
     * ScheduleSimulationTest and bench/makespan.sh (up to a few thousand calls) are read whole, as before.
     */
    static final int DEFAULT_LOOKAHEAD = 20_000;

    /**
     * Messages decoded into lanes per turn of the loop. The read-ahead ({@code lookahead}) fills over many turns, so
     * the first request leaves after one batch instead of after the whole read-ahead: on a fresh JVM, decoding
     * ~7,800 messages into lanes took ~0.2 s before the first send of a resume (P6, docs/performance.md "Session
     * 7"). At 20 requests a second a batch is many seconds of work.
     */
    static final int FILL_BATCH = 128;
    /** A bound past every task: the whole plan is settled. */
    private static final TaskKey PAST_THE_END = new TaskKey(Long.MAX_VALUE, Long.MAX_VALUE);

    private final JournalState history;
    private final TimelineTable table;
    private final Ledger ledger;
    private final int lookahead;
    private final Consumer<Lane> schedule;
    /** A delta's changed messages imported into one view only: sent to the others as imported (issue 15). */
    private final java.util.Map<String, Message> completed;
    private final ScratchSpace.RunReader reader;
    /** Plan messages before this key are settled in every timeline they belong to (null: skip nothing). */
    private TaskKey settledBefore;
    /** The latest task the journal settled in any timeline: past it no message is settled (null: none, or read past). */
    private TaskKey settledThrough;
    /** The users of the one-to-one timelines not settled to their end ({@link #settledPrefixEnd}). */
    private final OpenUsers open = new OpenUsers();

    /** Opens the plan where its settled prefix ends, counting the calls before it as done; {@code schedule} a lane. */
    ReadAhead(Plan plan, JournalState history, Ledger ledger, int lookahead, Consumer<Lane> schedule,
              java.util.Map<String, Message> completed) {
        this.history = history;
        this.completed = completed;
        this.table = plan.timelineTable();
        this.ledger = ledger;
        this.lookahead = lookahead;
        this.schedule = schedule;
        this.settledBefore = settledPrefixEnd();
        TimeOrderSorter.Sorted.Positioned start = plan.messages().readFrom(settledBefore);
        ledger.skipped(start.callsLeftOut());
        this.reader = start.reader();
    }

    /** Whether some of the plan is still unread. */
    boolean hasMore() {
        return reader.hasNext();
    }

    /**
     * Where the settled prefix of the plan ends: the plan is in (send time, input position) order, so a message
     * before this key is settled in each of its timelines when, for every timeline of the plan, it is no later than
     * the timeline's last settled task, or the timeline is settled to its end, or (no progress yet) the message
     * comes before the timeline's first task and so is not one of its messages, or it comes before the last task of
     * a two-message timeline whose first is settled ({@link #firstUnsettled}). A resume starts reading at the kept
     * plan's index block for this key (the calls before it counted as done) and skips the rest of the prefix by each
     * message's 16-byte key, instead of decoding a million messages it will not send.
     */
    private TaskKey settledPrefixEnd() {
        TaskKey[] end = {PAST_THE_END};
        // By number, the bounds streamed from the kept plan when its table does not hold them (issue #13).
        table.forEachBounds((i, first, lastTask) -> {
            TimelineProgress progress = history.timeline(table, i);
            TaskKey last = progress == null ? null : progress.lastSettled();
            if (last != null && (settledThrough == null || last.isAfter(settledThrough))) {
                settledThrough = last;
            }
            TaskKey bound;
            if (last == null) {
                bound = first;
            } else if (!lastTask.isAfter(last) && progress.firstLateToAppend() == null) {
                return; // settled to its end
            } else {
                bound = firstUnsettled(first, lastTask, table.callsAt(i), last);
            }
            if (table.isPeerAt(i)) {
                open.add(table.keyAt(i)); // not settled to its end: its messages are looked at one by one
            }
            TaskKey late = progress == null ? null : progress.firstLateToAppend();
            if (late != null && late.compareTo(bound) < 0) {
                bound = late; // a late message to append (--late=append) sorts below the timeline's settled key
            }
            if (bound.compareTo(end[0]) < 0) {
                end[0] = bound;
            }
        });
        return end[0];
    }

    /**
     * The earliest key a still unsettled message of a timeline can have, the timeline's messages being {@code calls}
     * from {@code first} to {@code lastTask} and those up to {@code last} settled (the journal keeps a timeline's
     * last settled task, not how many it settled): in general the key just after {@code last}; no earlier than its
     * first message; and {@code lastTask} itself when the timeline has two messages and its first is settled, for
     * the one after it is then its last. A resume of one-to-one conversations of two messages each, early and late
     * (P6's users shape), otherwise started reading at the earliest open conversation's first message and passed
     * over half the plan, 500,000 settled messages, before its first send (issue 15); this bound takes it, through
     * the kept plan's index, straight to the first unsettled one.
     */
    private static TaskKey firstUnsettled(TaskKey first, TaskKey lastTask, long calls, TaskKey last) {
        if (first.isAfter(last)) {
            return first;
        }
        if (calls == 2) {
            return lastTask;
        }
        return new TaskKey(last.sendTime(), last.ordinal() + 1);
    }

    /**
     * Reads the plan into lanes up to the read-ahead, at most {@link #FILL_BATCH} messages in one go; says whether
     * there is more to read now (the read-ahead is not full and the plan not at its end).
     */
    boolean fill() {
        int decoded = 0;
        while (ledger.backlog.size() < lookahead && reader.hasNext()) {
            if (decoded == FILL_BATCH) {
                return true;
            }
            byte[] record = reader.next();
            if (settledBefore != null) {
                if (MessageCodec.isBefore(record, settledBefore.sendTime(), settledBefore.ordinal())) {
                    ledger.skipped(MessageCodec.timelineCount(record)); // settled in all its timelines
                    continue;
                }
                settledBefore = null;
            }
            if (settledThrough != null) {
                if (!MessageCodec.isBefore(record, settledThrough.sendTime(), settledThrough.ordinal() + 1)) {
                    settledThrough = null; // from here on nothing is settled
                } else if (settledInItsGroup(record)) {
                    ledger.skipped(1);
                    ledger.workload.done(Action.IMPORT_GROUP_MSG, 1);
                    continue;
                } else if (settledInItsViews(record)) {
                    int views = MessageCodec.timelineCount(record);
                    ledger.skipped(views);
                    ledger.workload.done(Action.IMPORT_PEER_MSG, views);
                    continue;
                }
            }
            Message m = MessageCodec.decode(record);
            m = completed.isEmpty() ? m : completed.getOrDefault(m.id(), m); // its settled views skip it anyway
            decoded++;
            for (Timeline t : m.timelines()) {
                Lane lane = ledger.lane(t);
                lane.offer(Task.of(m, t));
                schedule.accept(lane);
                ledger.retireIfIdle(lane); // a task already settled: nothing to keep a lane for
            }
        }
        return false;
    }

    /**
     * Whether {@code record} is a group message its journal settled, told from its key and group alone. Between the
     * settled prefix and the latest settled task, a resume reads the messages of timelines that were further along
     * (7,000 in P6's journal of 1,000 groups); decoding each into a lane only to count it as done cost ~0.2 s of the
     * first send on a fresh JVM. Counted as the prefix is: skipped without decoding. One-to-one messages: see
     * {@link #settledInItsViews}.
     */
    private boolean settledInItsGroup(byte[] record) {
        String key = MessageCodec.groupTimelineKey(record);
        TimelineProgress progress = key == null ? null : history.timeline(key);
        TaskKey last = progress == null ? null : progress.lastSettled();
        // A timeline with late messages still to append (--late=append) holds unsettled keys below its settled one:
        // its messages are decoded and judged one by one.
        return last != null && progress.firstLateToAppend() == null
                && MessageCodec.isBefore(record, last.sendTime(), last.ordinal() + 1);
    }

    /**
     * Whether {@code record} is a one-to-one message settled in each of its views, told from its key and users alone,
     * as {@link #settledInItsGroup}: a resume of a one-to-one history reads from the earliest conversation still
     * open, and decoded a million settled messages into lanes only to count them (2 M timelines: minutes, and the
     * run's counts of every timeline they touched, issue #13).
     */
    private boolean settledInItsViews(byte[] record) {
        if (!open.mayBeOpen(record)) {
            return true; // one of its users is in no open timeline: both its views are settled to their end
        }
        // By the plan's numbers: each user looked up once, no key text (issue #13). A state not keyed by this plan
        // answers by the number's key (JournalState.timeline(keys, number)): one path for both.
        int[] numbers = MessageCodec.peerTimelineNumbers(record, table);
        if (numbers == null || numbers.length == 0) {
            return false;
        }
        for (int n : numbers) {
            if (!settledIn(history.timeline(table, n), record)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code record} is settled in the timeline of {@code progress} (null: nothing settled there). */
    private static boolean settledIn(TimelineProgress progress, byte[] record) {
        TaskKey last = progress == null ? null : progress.lastSettled();
        return last != null && progress.firstLateToAppend() == null
                && MessageCodec.isBefore(record, last.sendTime(), last.ordinal() + 1);
    }

    /**
     * After a stop: each unread call counted, in its timeline, as not attempted (or already done, when the journal
     * settled it), from its record's key and users alone. Decoding every unread message into a lane to count it
     * made a SIGTERM to a run of 10 M one-to-one messages (18 M calls unread, 4 M timelines) take 100–118 s to end,
     * past a service manager's 90 s stop timeout. A record naming a timeline the plan's table lacks is decoded.
     */
    void countUnread() {
        while (reader.hasNext()) {
            byte[] record = reader.next();
            int[] views = MessageCodec.peerTimelineNumbers(record, table);
            if (views == null) {
                int group = table.numberOf(MessageCodec.groupTimelineKey(record));
                if (group >= 0) {
                    ledger.unreached(group, Action.IMPORT_GROUP_MSG, settles(group, record));
                    continue;
                }
            } else if (allPlanned(views)) {
                for (int n : views) {
                    ledger.unreached(n, Action.IMPORT_PEER_MSG, settles(n, record));
                }
                continue;
            }
            Message m = MessageCodec.decode(record);
            for (Timeline t : m.timelines()) {
                Lane lane = ledger.lane(t);
                lane.countUnreached(Task.of(m, t));
                ledger.retireIfIdle(lane);
            }
        }
    }

    private static boolean allPlanned(int[] numbers) {
        for (int n : numbers) {
            if (n < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the journal settled {@code record} in timeline {@code number}: the test a lane's progress makes. */
    private boolean settles(int number, byte[] record) {
        TimelineProgress progress = history.timeline(table, number);
        return progress != null
                && progress.isSettled(new TaskKey(MessageCodec.sendTime(record), MessageCodec.ordinal(record)));
    }

    @Override
    public void close() {
        reader.close();
    }
}
