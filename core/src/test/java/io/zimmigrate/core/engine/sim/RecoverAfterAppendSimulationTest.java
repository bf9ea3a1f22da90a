package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.FreshJournal;
import io.zimmigrate.core.engine.LatePolicy;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, {@code --recover} after {@code --late append}, in the seeded simulation through the real protocol
 * gateway: a bulk import, then a delta that appends late messages at the end of their timelines, killed anywhere (or
 * not), then its journal lost and rebuilt from ZIM with {@code --recover}, itself killed anywhere. A timeline whose
 * newest messages in ZIM are appended late ones (older send times at its end) must be placed where it really
 * stands: nothing re-sent, what the delta had not appended yet appended after what it had, its new messages after.
 *
 * <p>Scenarios: {@code -Dsim.recoverAppendScenarios=N} (default 80), first seed {@code -Dsim.seed=S}.
 */
class RecoverAfterAppendSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final int QPS = SimMigration.QPS;

    @Test
    void recoveryAfterAppendedLateMessagesSendsNothingTwiceAndSkipsNothing() {
        int scenarios = Integer.getInteger("sim.recoverAppendScenarios", 80);
        long firstSeed = Long.getLong("sim.seed", 1L);
        long tailsAppended = 0;
        for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
            try {
                tailsAppended += scenario(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("recover-after-append scenario with seed " + seed + " failed: "
                        + e.getMessage(), e);
            }
        }
        // The harness really exercises the case: timelines whose newest message was an appended late one when the
        // journal was lost.
        assertThat(tailsAppended).as("timelines ending in appended late messages at the loss").isGreaterThan(scenarios / 4);
    }

    /** A late message that sorts between two held ones, its timeline ending with another appended one. */
    @Test
    void aTimelineEndingInAnAppendedMessageContinuesWithTheLateOnesNotYetAppended() throws InterruptedException {
        List<RawMessage> bulk = new ArrayList<>();
        long t0 = NOW - 86_400_000L;
        for (int i = 0; i < 10; i++) {
            bulk.add(text("a" + i, t0 + i * 10_000L));
        }
        List<RawMessage> delta = new ArrayList<>(bulk);
        delta.add(text("late1", t0 + 15_000L));
        delta.add(text("late2", t0 + 55_000L));
        delta.add(text("late3", t0 + 85_000L));
        delta.add(text("new1", t0 + 200_000L));
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, QPS, SimulatedZim.Faults.none());
        // What the killed delta left in ZIM: the bulk, then its first late message appended.
        for (List<RawMessage> part : List.of(bulk, List.of(delta.get(10)))) {
            SimMigration.builder(new ListSource(part), zim, new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE), 1)
                    .freshJournal(FreshJournal.IMPORT_REGARDLESS).build().run();
            world.pass(2_000);
        }

        long[] toAppend = {-1};
        MigrationReport report = SimMigration.builder(new ListSource(delta), zim, new InMemoryJournal(),
                        new SimLoop(world, Long.MAX_VALUE), 2)
                .freshJournal(FreshJournal.RECOVER_FROM_ZIM).lateMessages(LatePolicy.APPEND).listener(e -> {
                    if (e instanceof MigrationEvent.JournalRebuilt j) {
                        toAppend[0] = j.lateToAppend();
                    }
                }).build().run();

        assertThat(zim.timeline("g:g").stream().map(s -> s.body().split("@")[0]).toList()).containsExactly(
                "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "late1", "late2", "late3", "new1");
        assertThat(report.imported()).isEqualTo(3);
        assertThat(toAppend[0]).as("late ones the killed delta had not appended").isEqualTo(2);
    }

    /**
     * The late ones still to append are told only from the whole timeline (the oldest message of a partial read-back
     * may be an appended one of an earlier delta): older pages are read for it, up to recovery's 5 pages; a longer
     * timeline settles them (they are not sent, and nothing is sent twice).
     */
    @Test
    void theLateOnesStillToAppendAreToldFromTheWholeTimelineUpToFivePages() throws InterruptedException {
        assertThat(recoverLongTimeline(150)).as("reads: the timeline's two pages").isEqualTo(2);
        assertThat(recoverLongTimeline(520)).as("reads: five pages, then it stops looking").isEqualTo(5);
    }

    /** Bulk of {@code size} messages, then one late message appended, the journal lost; returns recovery's reads. */
    private static long recoverLongTimeline(int size) throws InterruptedException {
        long t0 = NOW - 86_400_000L;
        List<RawMessage> bulk = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            bulk.add(text("a" + i, t0 + i * 10_000L));
        }
        List<RawMessage> delta = new ArrayList<>(bulk);
        delta.add(text("late1", t0 + 105_000L));
        delta.add(text("late2", t0 + 205_000L));
        delta.add(text("new1", t0 + size * 10_000L + 5_000L));
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, QPS, SimulatedZim.Faults.none());
        for (List<RawMessage> part : List.of(bulk, List.of(delta.get(size)))) {
            SimMigration.builder(new ListSource(part), zim, new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE), 1)
                    .freshJournal(FreshJournal.IMPORT_REGARDLESS).build().run();
            world.pass(2_000);
        }
        long[] reads = {0};
        SimMigration.builder(new ListSource(delta), zim, new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE), 2)
                .freshJournal(FreshJournal.RECOVER_FROM_ZIM).listener(e -> {
                    if (e instanceof MigrationEvent.JournalRebuilt j) {
                        reads[0] = j.requests();
                    }
                }).build().run();
        List<String> expected = new ArrayList<>(bulk.stream().map(RawMessage::id).toList());
        expected.add("late1");
        if (size <= 500) {
            expected.add("late2");
        }
        expected.add("new1");
        assertThat(zim.timeline("g:g").stream().map(x -> x.body().split("@")[0]).toList())
                .containsExactlyElementsOf(expected);
        return reads[0];
    }

    private static RawMessage text(String id, long time) {
        return RawMessage.builder().id(id).groupId("g").fromUserId("u1").messageType(1).bodyMessage(id + "@" + time)
                .sendMessageTime(time).build();
    }

    /** Returns how many timelines ended in an appended late message when the journal was lost. */
    private long scenario(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, seed, QPS, new SimulatedZim.Faults(0.05, 0.03, 0.02));
        int users = 2 + r.nextInt(3);
        int groups = 1 + r.nextInt(2);
        long clock = NOW - 86_400_000L * 5;
        Map<String, RawMessage> live = new LinkedHashMap<>();
        int bulk = 5 + r.nextInt(40);
        for (int i = 0; i < bulk; i++) {
            clock += (1 + r.nextInt(3)) * 1000L;
            live.put("m-" + i, message(r, "m-" + i, clock, users, groups));
        }
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        runToEnd(new ListSource(new ArrayList<>(live.values()), "bulk"), zim, journal, plans, world, r, seed, false);
        world.pass(1_000);
        Map<String, List<SimulatedZim.Stored>> before = snapshot(zim);

        // The delta: new messages, many of them late (earlier than what their timeline holds), appended.
        int added = 3 + r.nextInt(25);
        for (int i = 0; i < added; i++) {
            String id = "m-" + (bulk + i);
            boolean late = r.nextInt(3) == 0;
            long time;
            if (late) {
                time = NOW - 86_400_000L * 5 + (1 + r.nextInt((int) ((clock - (NOW - 86_400_000L * 5)) / 1000))) * 1000L
                        + 1 + r.nextInt(999);
            } else {
                clock += (1 + r.nextInt(3)) * 1000L;
                time = clock;
            }
            live.put(id, message(r, id, time, users, groups));
        }
        List<RawMessage> lines = new ArrayList<>(live.values());
        ListSource export = new ListSource(lines, "delta");
        SimLoop killed = new SimLoop(world, r.nextInt(4) == 0 ? Long.MAX_VALUE : 1 + r.nextInt(1 + added * 4));
        try {
            SimMigration.builder(export, zim, journal, killed, seed * 31).planStore(plans)
                    .lateMessages(LatePolicy.APPEND).build().run();
        } catch (SimLoop.SimulatedCrash c) {
            killed.kill();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        world.pass(2_000); // what was on the wire arrives
        Map<String, List<SimulatedZim.Stored>> atLoss = snapshot(zim);
        long tailsAppended = 0;
        for (String key : atLoss.keySet()) {
            List<SimulatedZim.Stored> now = atLoss.get(key);
            if (now.size() > 1 && time(now.get(now.size() - 1)) < heldTo(now.subList(0, now.size() - 1))) {
                tailsAppended++;
            }
        }

        // The journal (and the plan kept next to it) is lost: the same command with --recover rebuilds it from ZIM.
        runToEnd(export, zim, new InMemoryJournal(), new InMemoryPlanStore(), world, r, seed * 17, true);
        check(zim, before, atLoss, live);
        return tailsAppended;
    }

    private static void runToEnd(ListSource source, SimulatedZim zim, InMemoryJournal journal, InMemoryPlanStore plans,
                                 SimWorld world, SplittableRandom r, long seed, boolean recover) {
        MigrationReport report = null;
        for (int attempt = 0; report == null; attempt++) {
            boolean crash = attempt < 3 && r.nextInt(3) == 0;
            SimLoop loop = new SimLoop(world, crash ? 1 + r.nextInt(60) : Long.MAX_VALUE);
            try {
                report = SimMigration.builder(source, zim, journal, loop, seed + attempt).planStore(plans)
                        .freshJournal(recover ? FreshJournal.RECOVER_FROM_ZIM : FreshJournal.CHECK_ZIM)
                        .lateMessages(LatePolicy.APPEND).build().run();
            } catch (SimLoop.SimulatedCrash c) {
                loop.kill();
                world.pass(2_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(report.notAttempted()).isZero();
    }

    /**
     * Each timeline: every message once; what it held before the delta unchanged; then the delta's additions as the
     * append rule defines them (late ones in send-time order, then new ones in send-time order). Every message of
     * the export is in ZIM, but for the one case recovery cannot see (documented): the late messages of a timeline
     * to which the killed delta had added nothing at all, whose ZIM history reads as a plain prefix of the export.
     */
    private static void check(SimulatedZim zim, Map<String, List<SimulatedZim.Stored>> before,
                              Map<String, List<SimulatedZim.Stored>> atLoss, Map<String, RawMessage> live) {
        Set<String> inZim = new HashSet<>();
        Map<String, Long> heldTo = new HashMap<>();
        for (String key : zim.timelineKeys()) {
            List<SimulatedZim.Stored> now = zim.timeline(key);
            List<SimulatedZim.Stored> held = before.getOrDefault(key, List.of());
            assertThat(now.subList(0, held.size())).as("%s keeps what it held", key).isEqualTo(held);
            assertThat(now.subList(0, atLoss.getOrDefault(key, List.of()).size()))
                    .as("%s keeps what it held when the journal was lost", key).isEqualTo(atLoss.getOrDefault(key, List.of()));
            Set<String> ids = new HashSet<>();
            for (SimulatedZim.Stored s : now) {
                String id = s.body().split("@")[0];
                assertThat(ids.add(id)).as("%s lands once in %s: %s", id, key, bodies(now)).isTrue();
                inZim.add(id);
            }
            long to = heldTo(held);
            heldTo.put(key, to);
            List<Long> added = now.subList(held.size(), now.size()).stream()
                    .map(RecoverAfterAppendSimulationTest::time).toList();
            assertThat(SimHistories.splitsIntoLateThenNew(added, to))
                    .as("%s: added %s after holding up to %d: late ones in order, then new ones in order", key, added, to)
                    .isTrue();
        }
        for (RawMessage m : live.values()) {
            String key = m.groupId() != null ? "g:" + m.groupId() : null;
            boolean blind = key == null ? blindPeer(m, before, atLoss, heldTo)
                    : blind(key, m, before, atLoss, heldTo);
            if (!blind) {
                assertThat(inZim).as("%s is in ZIM", m.id()).contains(m.id());
            }
        }
    }

    private static boolean blindPeer(RawMessage m, Map<String, List<SimulatedZim.Stored>> before,
                                     Map<String, List<SimulatedZim.Stored>> atLoss, Map<String, Long> heldTo) {
        for (String key : before.keySet()) {
            if (key.startsWith("p:") && key.contains(m.fromUserId()) && key.contains(m.toUserId())
                    && blind(key, m, before, atLoss, heldTo)) {
                return true;
            }
        }
        return false;
    }

    /** A late message of a timeline to which the killed delta had added nothing. */
    private static boolean blind(String key, RawMessage m, Map<String, List<SimulatedZim.Stored>> before,
                                 Map<String, List<SimulatedZim.Stored>> atLoss, Map<String, Long> heldTo) {
        int held = before.getOrDefault(key, List.of()).size();
        return held > 0 && atLoss.getOrDefault(key, List.of()).size() == held
                && m.sendMessageTime() <= heldTo.getOrDefault(key, Long.MIN_VALUE);
    }

    private static List<String> bodies(List<SimulatedZim.Stored> t) {
        return t.stream().map(SimulatedZim.Stored::body).toList();
    }

    private static long heldTo(List<SimulatedZim.Stored> held) {
        long to = Long.MIN_VALUE;
        for (SimulatedZim.Stored s : held) {
            to = Math.max(to, time(s));
        }
        return to;
    }

    private static Map<String, List<SimulatedZim.Stored>> snapshot(SimulatedZim zim) {
        Map<String, List<SimulatedZim.Stored>> s = new HashMap<>();
        for (String key : zim.timelineKeys()) {
            s.put(key, new ArrayList<>(zim.timeline(key)));
        }
        return s;
    }


    private static long time(SimulatedZim.Stored s) {
        return Long.parseLong(s.body().split("@")[1]);
    }

    private static RawMessage message(SplittableRandom r, String id, long time, int users, int groups) {
        String sender = "u" + r.nextInt(users);
        String body = id + "@" + time;
        if (r.nextBoolean()) {
            return RawMessage.builder().id(id).groupId("g" + r.nextInt(groups)).fromUserId(sender).messageType(1)
                    .bodyMessage(body).sendMessageTime(time).build();
        }
        String to = sender.equals("u0") ? "u1" : "u0";
        return RawMessage.builder().id(id).toUserId(to).fromUserId(sender).messageType(1).bodyMessage(body)
                .sendMessageTime(time).build();
    }
}
