package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.port.MessageSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: what a delta or a growth reports (late, changed) reaches the rejects file once, whatever moment the run is
 * killed at. The delta run is killed at each of its journal writes (durable or not) and at each of its listener's
 * calls in turn, then resumed with the same export, then a later export that still holds the edits is run: the
 * rejects file (modelled as the command keeps it: {@link SimRejectsFile}) names each late and each changed
 * message exactly once, and ZIM holds every timeline exactly, in order. Through the real protocol gateway over the
 * simulated ZIM.
 *
 * <p>Before: a run killed between its journal rewrite and its planning's end lost the delta's lines (flushed only
 * once planning was over; its resume does not report them again), and one killed between a flush and the rewrite
 * had them written twice (its resume compares the same exports again).
 */
class ReportedOnceSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long T = NOW - 86_400_000L;
    private static final int FIRST = 12;

    @Test
    void aDeltaKilledAnywhereReportsEachLateAndChangedMessageOnce() throws InterruptedException {
        int scenarios = everyKill(false, false);
        assertThat(scenarios).as("kill points tried").isGreaterThan(20);
    }

    /**
     * m-0 reached its sender's view only before the edit: the delta completes the other view, reported once by the
     * delta and its resume, and not by a later delta whose export still holds the edit.
     */
    @Test
    void aDeltaCompletingAHalfImportedEditKilledAnywhereReportsItOnce() throws InterruptedException {
        int scenarios = everyKill(true, false);
        assertThat(scenarios).as("kill points tried").isGreaterThan(20);
    }

    /** A followed input that only grew, by a late line (before what its group holds) and new ones: a growth. */
    @Test
    void aGrowthKilledAnywhereReportsEachLateLineOnce() throws InterruptedException {
        int scenarios = everyKill(false, true);
        assertThat(scenarios).as("kill points tried").isGreaterThan(10);
    }

    /**
     * For k = 1, 2, ...: a world where the delta dies at its k-th journal write (durable, then not), then one where it
     * dies at its listener's k-th call (after the call, then before), until a run of it is not killed any more.
     * Returns the scenarios run.
     */
    private int everyKill(boolean halfImported, boolean growth) throws InterruptedException {
        int scenarios = 0;
        for (int mode = 0; mode < 4; mode++) {
            for (int k = 1; ; k++) {
                scenarios++;
                if (!scenario(halfImported, growth, mode, k)) {
                    break;
                }
            }
        }
        return scenarios;
    }

    /** One world; returns whether the delta was killed at all (false: k is past its last write or call). */
    private boolean scenario(boolean halfImported, boolean growth, int mode, int k) throws InterruptedException {
        String where = (halfImported ? "half-imported, " : "") + (growth ? "growth, " : "")
                + (mode < 2 ? "journal write " : "listener call ") + k + (mode % 2 == 0 ? " (after)" : " (before)");
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        SimRejectsFile rejects = new SimRejectsFile();
        List<RawMessage> first = new ArrayList<>();
        for (int i = 0; i < FIRST; i++) {
            first.add(message(i, ""));
        }
        if (halfImported) {
            killedAfterTheSendersViewOfM0(world, zim, journal, plans, first, rejects);
        } else {
            run(source(first, "export-1", growth), world, zim, journal, plans, rejects.open(), 1);
        }

        List<RawMessage> second = new ArrayList<>(first);
        Set<String> late = new HashSet<>();
        Set<String> changed = new HashSet<>();
        if (halfImported) { // ZIM holds m-0 in one view only: nothing else is late or changed
            second.set(0, message(0, "-edited"));
            changed.add("m-0");
        } else {
            if (!growth) {
                second.set(2, message(2, "-edited")); // one-to-one
                second.set(5, message(5, "-edited")); // group
                changed.addAll(List.of("m-2", "m-5"));
            }
            second.add(lateLine("late-g", "g0", null, T + 4_500)); // before g0's m-5 at T + 5 s, already in ZIM
            second.add(lateLine("late-p", null, "u1", T + 1_500)); // before m-2 at T + 2 s in both views
            late.addAll(List.of("late-g", "late-p"));
        }
        for (int i = FIRST; i < FIRST + 6; i++) {
            second.add(message(i, ""));
        }

        SimRejectsFile.Process killed = rejects.open();
        Journal dying = mode < 2 ? new CrashingJournal(journal, k, mode == 0) : journal;
        MigrationListener listener = mode < 2 ? killed : new DyingListener(killed, k, mode == 2);
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        boolean wasKilled;
        try {
            MigrationReport report = SimMigration.builder(source(second, "export-2", growth), zim, dying, loop, 2)
                    .planStore(plans).listener(listener).build().run();
            assertThat(report.stoppedEarly()).as(where).isFalse();
            killed.ended();
            wasKilled = false;
        } catch (SimLoop.SimulatedCrash crash) {
            loop.kill();
            killed.killed();
            world.pass(2_000);
            run(source(second, "export-2", growth), world, zim, journal, plans, rejects.open(), 3);
            wasKilled = true;
        }

        List<RawMessage> third = new ArrayList<>(second); // the edits still there: reported by the delta before only
        third.add(message(FIRST + 6, ""));
        // Also after a completing delta that was killed: its resume keeps the plan as planned once it sent every
        // view (session 15; before, a later delta reported m-0 again).
        run(source(third, "export-3", growth), world, zim, journal, plans, rejects.open(), 4);

        Map<String, List<String>> reported = new HashMap<>();
        for (String line : rejects.lines()) {
            reported.computeIfAbsent(line.split(" ")[1], rule -> new ArrayList<>()).add(line.split(" ")[0]);
        }
        assertThat(reported.getOrDefault("time.behind-timeline", List.of())).as("%s: late, each once", where)
                .containsExactlyInAnyOrderElementsOf(withViews(late));
        assertThat(reported.getOrDefault("record.changed-since-import", List.of())).as("%s: changed, each once", where)
                .containsExactlyInAnyOrderElementsOf(changed);
        checkTimelines(zim, third, late, where);
        return wasKilled;
    }

    /** A late one-to-one message is late in both views: a line per view, each once. */
    private static List<String> withViews(Set<String> late) {
        List<String> out = new ArrayList<>();
        for (String id : late) {
            out.add(id);
            if (id.endsWith("-p")) {
                out.add(id);
            }
        }
        return out;
    }

    private static MessageSource source(List<RawMessage> lines, String identity, boolean growth) {
        return growth ? new GrowingListSource(lines) : new ListSource(lines, identity);
    }

    private static void run(MessageSource source, SimWorld world, SimulatedZim zim, Journal journal,
                            InMemoryPlanStore plans, SimRejectsFile.Process rejects, long seed)
            throws InterruptedException {
        world.pass(1_000);
        MigrationReport report = SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), seed)
                .planStore(plans).listener(rejects).build().run();
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(report.notAttempted()).isZero();
        rejects.ended();
    }

    /** The first run dies as m-0's import into its sender's view is journaled (made durable first). */
    private static void killedAfterTheSendersViewOfM0(SimWorld world, SimulatedZim zim, InMemoryJournal journal,
                                                      InMemoryPlanStore plans, List<RawMessage> first,
                                                      SimRejectsFile rejects) throws InterruptedException {
        String imported = "[\"i\",\"p:u0\\u0000u1\"," + T + ",";
        Journal dying = new InFlightEditSimulationTest.KilledAt(journal, line -> line.startsWith(imported), true);
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        SimRejectsFile.Process p = rejects.open();
        try {
            SimMigration.builder(new ListSource(first, "export-1"), zim, dying, loop, 1).planStore(plans)
                    .listener(p).build().run();
            throw new AssertionError("the first run was to be killed after m-0's first view");
        } catch (SimLoop.SimulatedCrash expected) {
            loop.kill();
            p.killed();
        }
        world.pass(2_000);
        assertThat(zim.timeline("p:u1\u0000u0")).as("m-0 not in its recipient's view yet").isEmpty();
    }

    /** Every timeline: each message of the last export once, in send-time order; late ones never sent. */
    private static void checkTimelines(SimulatedZim zim, List<RawMessage> export, Set<String> late, String where) {
        Map<String, List<String>> expected = new HashMap<>();
        List<RawMessage> sorted = new ArrayList<>(export);
        sorted.sort(java.util.Comparator.comparingLong(RawMessage::sendMessageTime));
        for (RawMessage m : sorted) {
            if (late.contains(m.id())) {
                continue;
            }
            String id = m.id();
            if (m.groupId() != null) {
                expected.computeIfAbsent("g:" + m.groupId(), g -> new ArrayList<>()).add(id);
            } else {
                expected.computeIfAbsent("p:u0\u0000u1", g -> new ArrayList<>()).add(id);
                expected.computeIfAbsent("p:u1\u0000u0", g -> new ArrayList<>()).add(id);
            }
        }
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> held = zim.timeline(e.getKey()).stream().map(s -> s.body().split("@")[0]).toList();
            assertThat(held).as("%s: %s exact", where, e.getKey()).containsExactlyElementsOf(e.getValue());
            assertThat(zim.timeline(e.getKey()).stream().map(SimulatedZim.Stored::body).toList())
                    .as("%s: %s never holds an edit", where, e.getKey()).noneMatch(b -> b.contains("-edited"));
        }
    }

    /** Even numbers in g0 (sender u0 or u1), odd ones between u0 and u1 (u0 sends), a second apart. */
    private static RawMessage message(int n, String edit) {
        RawMessage.Builder b = RawMessage.builder().id("m-" + n).messageType(1)
                .bodyMessage("m-" + n + "@" + (T + n * 1000L) + edit).sendMessageTime(T + n * 1000L);
        return n % 2 == 1 ? b.groupId("g0").fromUserId(n % 4 == 1 ? "u0" : "u1").build()
                : b.toUserId("u1").fromUserId("u0").build();
    }

    private static RawMessage lateLine(String id, String group, String to, long time) {
        RawMessage.Builder b = RawMessage.builder().id(id).messageType(1).bodyMessage(id + "@" + time)
                .sendMessageTime(time).fromUserId("u0");
        return group != null ? b.groupId(group).build() : b.toUserId(to).build();
    }
}
