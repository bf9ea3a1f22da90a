package io.zimmigrate.core.engine;

import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.TimelineTable;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.port.ZimGateway;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Reads every planned timeline back from ZIM and compares it with what the input says it should hold: messages
 * missing, messages there more often than in the input (duplicates), and messages out of order. Messages are
 * compared by their {@link MessageIdentity} (for media: file name and URL, in either form ZIM reads them back in).
 * When the runs appended late messages ({@link LatePolicy#APPEND}, issue 15), a message that sorts before one ZIM
 * holds before it is checked as an appended one ({@link AppendedOrder}), not counted out of order.
 */
public final class Verification {
    static final int PAGE = 100;

    private final ZimGateway gateway;
    private final EngineLoop loop;
    private final Pacers pacers;
    private final RandomGenerator jitter;
    private final LatePolicy late;
    private final ScratchSpace scratch;
    private Progress progress = (compared, timelines, differing) -> {};

    public Verification(ZimGateway gateway, EngineLoop loop, int qps) {
        this(gateway, loop, qps, new SplittableRandom(1));
    }

    /** {@code jitter} spreads the backoff after a failed read, as a migration's {@code jitter} does. */
    public Verification(ZimGateway gateway, EngineLoop loop, int qps, RandomGenerator jitter) {
        this(gateway, loop, qps, jitter, LatePolicy.REJECT, new InMemoryScratchSpace());
    }

    /**
     * {@code scratch} takes the expected messages sorted by timeline beyond a buffer, and what a timeline too big to
     * hold holds in ZIM, as it is read back, so that millions of timelines, or one group of millions of messages, are
     * compared without holding them (issue #13).
     */
    public Verification(ZimGateway gateway, EngineLoop loop, int qps, ScratchSpace scratch) {
        this(gateway, loop, qps, new SplittableRandom(1), LatePolicy.REJECT, scratch);
    }

    /**
     * {@code late}: what the runs did with late messages. With {@link LatePolicy#APPEND} the late ones they appended
     * at the end of their timelines are counted as such ({@link TimelineCheck#appendedLate()}), not as out of order.
     * {@code scratch}: as above.
     */
    public Verification(ZimGateway gateway, EngineLoop loop, int qps, RandomGenerator jitter, LatePolicy late,
                        ScratchSpace scratch) {
        this.gateway = gateway;
        this.loop = loop;
        this.pacers = new Pacers(qps, Pacer.DEFAULT_GUARD_MILLIS);
        this.jitter = jitter;
        this.late = late;
        this.scratch = scratch;
    }

    /**
     * One timeline's comparison. {@code appendedLate}: messages found after one that sorts after them, taken as late
     * ones a delta appended at the end of the timeline ({@link LatePolicy#APPEND} only; always 0 otherwise).
     */
    public record TimelineCheck(String timeline, int expected, int found, int missing, int duplicated, int outOfOrder,
                                String error, int appendedLate) {
        public TimelineCheck(String timeline, int expected, int found, int missing, int duplicated, int outOfOrder,
                             String error) {
            this(timeline, expected, found, missing, duplicated, outOfOrder, error, 0);
        }

        public boolean ok() {
            return error == null && missing == 0 && duplicated == 0 && outOfOrder == 0;
        }
    }

    /**
     * What reading back found: how many timelines were compared, the differences summed over them, and the
     * timelines that differ (the first {@link #DIFFERENCES_KEPT}; the rest only counted). No entry per timeline that
     * holds exactly its messages: a report of millions of timelines stays small (issue #13).
     */
    public record Report(long timelines, long missing, long duplicated, long outOfOrder, List<TimelineCheck> differences,
                         long differencesNotKept, long appendedLate) {
        public boolean ok() {
            return differences.isEmpty() && differencesNotKept == 0;
        }
    }

    /** Told as timelines are compared: a read-back of millions of timelines takes days at ZIM's pace. */
    public interface Progress {
        /** {@code compared} of {@code timelines} compared so far, {@code differing} of them not exact. */
        void compared(long compared, long timelines, long differing);
    }

    /** Tells {@code progress} after each timeline compared; returns this. */
    public Verification reporting(Progress progress) {
        this.progress = progress;
        return this;
    }

    /** Timelines with differences kept in a report by name; more are counted. */
    public static final int DIFFERENCES_KEPT = 1_000;
    /**
     * The most expected messages of one timeline held at once: a timeline with more (one group of millions) is
     * compared message by message, its read-back spilled to the scratch space ({@link StreamedComparison}).
     */
    static final long IDENTITIES_HELD = 200_000;
    /**
     * The most bytes of expected identities sorted on the heap before a run of them goes to the scratch space (issue
     * #13: 20 M identities of 10 M one-to-one messages are about 1 GB; 24 MiB makes about 45 runs of them).
     */
    static final long SORT_BUFFER_BYTES = 24L << 20;
    /** Timelines started reading back and not yet reported, at most: enough to keep the reads going. */
    static final int WINDOW = 64;

    public Report verify(Plan plan) throws InterruptedException {
        return verify(plan, IDENTITIES_HELD);
    }

    /** As {@link #verify(Plan)}, holding at most about {@code identitiesHeld} expected messages of a timeline. */
    public Report verify(Plan plan, long identitiesHeld) throws InterruptedException {
        return verify(plan, identitiesHeld, SORT_BUFFER_BYTES);
    }

    /**
     * As {@link #verify(Plan, long)}, the expected identities sorted in buffers of {@code sortBufferBytes}. One pass
     * over the plan gives every timeline's expected messages ({@link ExpectedIdentities}); the timelines are then read
     * back several at a time ({@link VerifyReads}, up to {@link #WINDOW} started, holding about
     * {@code identitiesHeld} expected messages between them) and reported in the plan's numbering.
     */
    Report verify(Plan plan, long identitiesHeld, long sortBufferBytes) throws InterruptedException {
        TimelineTable table = plan.timelineTable();
        Tally tally = new Tally();
        VerifyReads reads = new VerifyReads(gateway, loop, pacers, jitter);
        ArrayDeque<Pending> window = new ArrayDeque<>();
        long held = 0;
        try (ExpectedIdentities expected = ExpectedIdentities.of(plan, scratch, sortBufferBytes)) {
            while (expected.hasNext() || !window.isEmpty()) {
                while (expected.hasNext() && window.size() < WINDOW) {
                    int n = expected.timeline();
                    long calls = table.callsAt(n);
                    if (!window.isEmpty() && (calls > identitiesHeld || held + calls > identitiesHeld)) {
                        break; // the timelines being read hold their share: this one waits for them
                    }
                    Timeline t = Timeline.fromKey(table.keyAt(n));
                    if (calls > identitiesHeld) {
                        tally.add(verifyStreamed(t, n, expected, identitiesHeld, reads));
                        progress.compared(tally.compared, table.size(), tally.kept.size() + tally.notKept);
                        continue;
                    }
                    Pending p = new Pending(t, expected.allOf(n));
                    p.reading = reads.start(t, p.found::add);
                    held += p.expected.size();
                    window.addLast(p);
                }
                while (!window.isEmpty() && window.peekFirst().reading.done()) { // reported in the plan's numbering
                    Pending p = window.pollFirst();
                    held -= p.expected.size();
                    Collections.reverse(p.found);
                    tally.add(compare(p.timeline.toString(), p.expected, p.found, p.reading.error(), late));
                    progress.compared(tally.compared, table.size(), tally.kept.size() + tally.notKept);
                }
                if (!window.isEmpty()) {
                    reads.step();
                }
            }
        }
        return new Report(table.size(), tally.missing, tally.duplicated, tally.outOfOrder, List.copyOf(tally.kept),
                tally.notKept, tally.appendedLate);
    }

    /** A timeline being read back: what it should hold, and what was read so far (newest first). */
    private static final class Pending {
        final Timeline timeline;
        final List<String> expected;
        final List<String> found = new ArrayList<>();
        VerifyReads.Reading reading;

        Pending(Timeline timeline, List<String> expected) {
            this.timeline = timeline;
            this.expected = expected;
        }
    }

    private static final class Tally {
        long missing;
        long duplicated;
        long outOfOrder;
        long appendedLate;
        final List<TimelineCheck> kept = new ArrayList<>();
        long notKept;
        long compared;

        void add(TimelineCheck c) {
            compared++;
            missing += c.missing();
            duplicated += c.duplicated();
            outOfOrder += c.outOfOrder();
            appendedLate += c.appendedLate();
            if (!c.ok()) {
                if (kept.size() < DIFFERENCES_KEPT) {
                    kept.add(c);
                } else {
                    notKept++;
                }
            }
        }
    }

    /**
     * A timeline with more than {@code identitiesHeld} messages (one group of millions): read back into the scratch
     * space, then compared message by message with its expected messages, oldest first ({@link StreamedComparison}),
     * holding a window of a quarter of {@code identitiesHeld} and a chunk of half of it of what was read back.
     */
    private TimelineCheck verifyStreamed(Timeline t, int n, ExpectedIdentities expectedOf, long identitiesHeld,
                                         VerifyReads reads) throws InterruptedException {
        int quarter = (int) Math.min(Integer.MAX_VALUE, Math.max(1, identitiesHeld / 4));
        ReadBackSpill readBack = new ReadBackSpill(scratch, 2 * quarter);
        VerifyReads.Reading reading = reads.start(t, readBack::addNewestFirst);
        reads.await(reading);
        String error = reading.error();
        StreamedComparison comparison = new StreamedComparison(quarter);
        Iterator<String> found = readBack.oldestFirst();
        String expected = expectedOf.nextOf(n);
        if (expected == null) {
            comparison.expectedDone();
        }
        while (expected != null || found.hasNext()) {
            if (expected != null && (comparison.wantsExpected() || !found.hasNext())) {
                comparison.expected(expected);
                expected = expectedOf.nextOf(n);
                if (expected == null) {
                    comparison.expectedDone();
                }
            } else {
                comparison.found(found.next());
            }
        }
        return comparison.finish(t.toString(), error);
    }

    /** Compares what a timeline should hold with what it holds, both oldest first. */
    static TimelineCheck compare(String name, List<String> expected, List<String> found, String error) {
        return compare(name, expected, found, error, LatePolicy.REJECT);
    }

    /** As {@link #compare(String, List, List, String)}, late messages appended when {@code late} says so. */
    static TimelineCheck compare(String name, List<String> expected, List<String> found, String error,
                                 LatePolicy late) {
        Map<String, List<Integer>> positions = new HashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            positions.computeIfAbsent(expected.get(i), k -> new ArrayList<>()).add(i);
        }
        Map<String, Integer> used = new HashMap<>();
        List<Integer> matchedPositions = new ArrayList<>();
        int duplicated = 0;
        for (String s : found) {
            List<Integer> at = positions.getOrDefault(s, List.of());
            int n = used.merge(s, 1, Integer::sum);
            if (n <= at.size()) {
                matchedPositions.add(at.get(n - 1));
            } else {
                duplicated++;
            }
        }
        int missing = expected.size() - matchedPositions.size();
        if (late == LatePolicy.APPEND) {
            AppendedOrder order = AppendedOrder.of(matchedPositions);
            return new TimelineCheck(name, expected.size(), found.size(), missing, duplicated, order.outOfOrder(), error,
                    order.appended());
        }
        int outOfOrder = matchedPositions.size() - longestIncreasing(matchedPositions);
        return new TimelineCheck(name, expected.size(), found.size(), missing, duplicated, outOfOrder, error);
    }

    private static int longestIncreasing(List<Integer> xs) {
        List<Integer> tails = new ArrayList<>();
        for (int x : xs) {
            int at = Collections.binarySearch(tails, x);
            if (at < 0) {
                at = -at - 1;
            }
            if (at == tails.size()) {
                tails.add(x);
            } else {
                tails.set(at, x);
            }
        }
        return tails.size();
    }
}
