package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.OnReject;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.Journal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (#13's bounded memory, P6): a run whose messages ZIM refuses long after its planning is killed at each of
 * its journal writes (durable or not) and at each of its listener's calls in turn, then resumed with the same input.
 * The rejects file ({@link SimRejectsFile}, as the command keeps it) names each refusal once per view, ZIM holds every
 * other message once and in order, and the resume holds (reads back from the file) no more than the refusals of one
 * turn of the engine: the lines after the settled mark, which moves at every journal flush that settles refusals
 * ({@code Settling}, flush, {@code Settled}). At most {@link #IN_FLIGHT} requests are out at once, so one turn takes at
 * most that many answers.
 *
 * <p>Before: the mark moved only at the end of planning and at a clean end, so a run killed late left every refusal
 * since its planning to be read and held by its resume (all 26 lines here; millions after days of importing).
 */
class RefusalsReportedOnceSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long T = NOW - 86_400_000L;
    private static final int MESSAGES = 60;
    private static final int IN_FLIGHT = 3;

    @Test
    void aRunKilledAnywhereAmongItsRefusalsReportsEachOnceAndItsResumeHoldsOneTurnAtMost()
            throws InterruptedException {
        int scenarios = 0;
        int worstHeld = 0;
        for (int mode = 0; mode < 4; mode++) {
            for (int k = 1; ; k++) {
                scenarios++;
                int held = scenario(OnReject.CONTINUE, mode, k);
                if (held < 0) {
                    break;
                }
                worstHeld = Math.max(worstHeld, held);
            }
        }
        assertThat(scenarios).as("kill points tried").isGreaterThan(100);
        assertThat(worstHeld).as("some kill left lines for the resume to check").isPositive();
    }

    /**
     * With {@code --on-reject stop-timeline} a refused head is not journaled (its resume sends it again and is refused
     * again), so the mark must not pass it: each refusal still once across a kill anywhere.
     */
    @Test
    void aStoppedTimelineKeepsItsRefusalUnsettledSoItsResumeWritesItOnce() throws InterruptedException {
        for (int mode = 0; mode < 4; mode++) {
            for (int k = 1; scenario(OnReject.STOP_TIMELINE, mode, k) >= 0; k++) {
                // every kill point: checked inside
            }
        }
    }

    /** One world; returns how many lines the resume held, or -1 when the run was not killed (k past its last one). */
    private int scenario(OnReject onReject, int mode, int k) throws InterruptedException {
        String where = onReject + ", " + (mode < 2 ? "journal write " : "listener call ") + k
                + (mode % 2 == 0 ? " (after)" : " (before)");
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, SimMigration.QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        SimRejectsFile rejects = new SimRejectsFile();
        List<RawMessage> export = export();

        SimRejectsFile.Process killed = rejects.open();
        Journal dying = mode < 2 ? new CrashingJournal(journal, k, mode == 0) : journal;
        MigrationListener listener = mode < 2 ? killed : new DyingListener(killed, k, mode == 2);
        SimLoop loop = new SimLoop(world, Long.MAX_VALUE);
        int held = -1;
        try {
            MigrationReport report = SimMigration.builder(new ListSource(export, "export"), zim, dying, loop, 2)
                    .planStore(plans).onReject(onReject).maxInFlight(IN_FLIGHT).listener(listener).build().run();
            assertThat(report.stoppedEarly()).as(where).isFalse();
            killed.ended();
        } catch (SimLoop.SimulatedCrash crash) {
            loop.kill();
            killed.killed();
            world.pass(2_000);
            held = rejects.unsettled();
            if (onReject == OnReject.CONTINUE) {
                assertThat(held).as("%s: the resume holds one turn's refusals at most", where)
                        .isLessThanOrEqualTo(IN_FLIGHT);
            }
            world.pass(1_000);
            SimRejectsFile.Process resumed = rejects.open();
            MigrationReport report = SimMigration.builder(new ListSource(export, "export"), zim, journal,
                    new SimLoop(world, Long.MAX_VALUE), 3).planStore(plans).onReject(onReject)
                    .maxInFlight(IN_FLIGHT).listener(resumed).build().run();
            assertThat(report.stoppedEarly()).as(where).isFalse();
            resumed.ended();
        }
        Map<String, Integer> reported = new HashMap<>();
        for (String line : rejects.lines()) {
            reported.merge(line.split(" ")[0], 1, Integer::sum);
        }
        assertThat(reported).as("%s: each refusal once per view", where).isEqualTo(expectedRefusals(onReject));
        checkTimelines(zim, export, onReject, where);
        return held;
    }

    /**
     * Every third message is one ZIM refuses ({@link SimulatedZim#POISON}); even numbers in g0 and g1, odd ones
     * between u0 and u1 (two views), half a second apart. With stop-timeline only the first refusal of each of the
     * four timelines is reported, and nothing after it is sent.
     */
    private static List<RawMessage> export() {
        List<RawMessage> out = new ArrayList<>();
        for (int n = 0; n < MESSAGES; n++) {
            long t = T + n * 500L;
            String body = (n % 3 == 2 ? SimulatedZim.POISON + "-" : "m-") + n;
            RawMessage.Builder b = RawMessage.builder().id("m-" + n).messageType(1).bodyMessage(body)
                    .sendMessageTime(t).fromUserId(n % 4 < 2 ? "u0" : "u1");
            out.add(n % 2 == 0 ? b.groupId("g" + n / 2 % 2).build() : b.toUserId(n % 4 < 2 ? "u1" : "u0").build());
        }
        return out;
    }

    private static Map<String, Integer> expectedRefusals(OnReject onReject) {
        Map<String, Integer> out = new HashMap<>();
        Map<String, Boolean> stopped = new HashMap<>();
        for (RawMessage m : export()) {
            if (!m.bodyMessage().startsWith(SimulatedZim.POISON)) {
                continue;
            }
            for (String timeline : timelinesOf(m)) {
                if (onReject == OnReject.STOP_TIMELINE && stopped.put(timeline, true) != null) {
                    continue;
                }
                out.merge(m.id(), 1, Integer::sum);
            }
        }
        return out;
    }

    private static List<String> timelinesOf(RawMessage m) {
        return m.groupId() != null ? List.of("g:" + m.groupId())
                : List.of("p:u0\u0000u1", "p:u1\u0000u0");
    }

    /** Each timeline holds its accepted messages once, in order (with stop-timeline: those before its refusal). */
    private static void checkTimelines(SimulatedZim zim, List<RawMessage> export, OnReject onReject, String where) {
        Map<String, List<String>> expected = new HashMap<>();
        Map<String, Boolean> stopped = new HashMap<>();
        for (RawMessage m : export) {
            for (String timeline : timelinesOf(m)) {
                if (stopped.containsKey(timeline)) {
                    continue;
                }
                if (m.bodyMessage().startsWith(SimulatedZim.POISON)) {
                    if (onReject == OnReject.STOP_TIMELINE) {
                        stopped.put(timeline, true);
                    }
                    continue;
                }
                expected.computeIfAbsent(timeline, x -> new ArrayList<>()).add(m.bodyMessage());
            }
        }
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertThat(zim.timeline(e.getKey()).stream().map(SimulatedZim.Stored::body).toList())
                    .as("%s: %s exact", where, e.getKey()).containsExactlyElementsOf(e.getValue());
        }
    }
}
