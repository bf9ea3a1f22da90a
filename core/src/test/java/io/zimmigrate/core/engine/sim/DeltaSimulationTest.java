package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.LatePolicy;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.rules.Rejection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Delta runs (issue #15) in the simulated world: a history exported several times as it grows (new messages, late
 * ones that sort before what ZIM holds, edited ones, deleted ones, lines shuffled), each export run with the same
 * journal and plan store, with faults and crashes anywhere (while comparing exports, sending, journaling or keeping
 * the plan), and a crashed run sometimes restarted with a later export (the operator's next export arrived before the
 * restart: issue 15, every crash point of a delta resumes with any later export). Checked: no message lands twice in a timeline, every timeline stays in send-time order, and every valid
 * message of the last export is in ZIM unless it was reported late; an edited message is reported, never sent again.
 * With {@code --late=append}, late messages land too, once, at the end of their timelines (the order the rule defines).
 * The journal's lines name their timelines' numbers in the plan they were written under (format 3); replays give many
 * of them stale numbers ({@link StaleNumbersJournal}), and every check above still holds: the key is the truth.
 */
class DeltaSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final int QPS = SimMigration.QPS;

    @Test
    void repeatedExportsLandEachMessageOnceAndInOrder() {
        run(LatePolicy.REJECT, 150);
    }

    /**
     * {@code --late=append}: every message of each export lands once, and what each delta adds to a timeline is its
     * late messages in send-time order, then its new in-order ones in send-time order, all after what it held.
     */
    @Test
    void lateMessagesAppendedLandOnceAtTheEndOfTheirTimelines() {
        run(LatePolicy.APPEND, 100); // more messages sent per scenario: fewer scenarios keep it to seconds
    }

    /**
     * A followed input ({@code run --follow}): each export is the one before with lines appended (some late, some
     * reusing an ID already planned), so most deltas are growths planned by their appended lines alone; an edited or
     * deleted line changes what was planned and falls back to a full delta. Crashes anywhere, as above.
     */
    @Test
    void growingExportsPlannedByWhatWasAppendedLandEachMessageOnceAndInOrder() {
        growing = true;
        if (!run(LatePolicy.REJECT, 150)) {
            return;
        }
        assertThat(growths).as("growths planned by their appended lines alone").isGreaterThan(150);
        assertThat(memoryReused).as("growths that took the IDs from the follow's memory").isGreaterThan(50);
        assertThat(keptInParts).as("exports whose kept plan was in parts after their run").isGreaterThan(50);
    }

    @Test
    void growingExportsWithLateMessagesAppendedLandOnceAtTheEndOfTheirTimelines() {
        growing = true;
        if (!run(LatePolicy.APPEND, 100)) {
            return;
        }
        assertThat(growths).as("growths planned by their appended lines alone").isGreaterThan(100);
    }

    /**
     * Requests the client gave up on, applied by ZIM up to 15 s later (after a restart's read-back of the sends a crash
     * left in flight): a delta or growth must not take them for "did not land" before its landing horizon.
     */
    @Test
    void deltasAndGrowthsWithLateLandingsLandEachMessageOnceAndInOrder() {
        faults = new SimulatedZim.Faults(0.05, 0.03, 0.10);
        lateLanding = 0.9;
        growing = true;
        run(LatePolicy.REJECT, 100);
        growing = false;
        run(LatePolicy.REJECT, 100);
        assertThat(lateLandings).as("requests applied late").isGreaterThan(100);
    }

    private SimulatedZim.Faults faults = new SimulatedZim.Faults(0.05, 0.03, 0.02);
    private double lateLanding;
    private long lateLandings;

    /** Exports only grow (run --follow), as a {@link GrowingListSource}. */
    private boolean growing;
    private long growths;
    private long memoryReused;
    private long keptInParts;

    /**
     * Runs seeds {@code sim.first} (1) to {@code sim.scenarios}; returns whether they were enough to ask how much was
     * exercised (from seed 1 only: replaying one seed, e.g. {@code -Dsim.first=329 -Dsim.scenarios=329}, checks that
     * seed's scenario alone).
     */
    private boolean run(LatePolicy policy, int defaultScenarios) {
        int scenarios = Integer.getInteger("sim.scenarios", defaultScenarios);
        long first = Long.getLong("sim.first", 1);
        long late = 0;
        long changed = 0;
        long deltas = 0;
        long crashes = 0;
        for (long seed = first; seed <= scenarios; seed++) {
            try {
                long[] o = scenario(seed, policy);
                late += o[0];
                changed += o[1];
                deltas += o[2];
                crashes += o[3];
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("delta scenario with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        if (first > 1) {
            return false;
        }
        assertThat(deltas).as("delta runs").isGreaterThan(scenarios);
        assertThat(late).as(policy == LatePolicy.APPEND ? "late messages appended" : "late messages reported")
                .isGreaterThan(0);
        assertThat(changed).as("changed messages reported").isGreaterThan(0);
        assertThat(crashes).as("crashes injected").isGreaterThan(scenarios / 2);
        assertThat(restartsOnLater).as("crashed runs restarted with a later export").isGreaterThan(scenarios / 10);
        assertThat(editedAfterCrash).as("exports after a crash editing a message ZIM lacked").isGreaterThan(scenarios / 40);
        assertThat(addedBeforeSend).as("exports after a crash adding a message just before another").isGreaterThan(scenarios / 40);
        assertThat(staleLines).as("journal lines replayed with a stale plan number").isGreaterThan(10L * scenarios);
        return true;
    }

    /** Journal lines replayed with a number other than the one written (StaleNumbersJournal). */
    private long staleLines;

    /** Crashed runs restarted with the next export rather than the one they crashed on. */
    private long restartsOnLater;
    /** Exports after such a crash that edited a message ZIM lacked (maybe the one in flight). */
    private long editedAfterCrash;
    /** Exports after such a crash with a new message 1 ms before one ZIM lacked or last held (maybe the one in flight). */
    private long addedBeforeSend;

    /** Returns {late reported (or appended), changed reported, delta runs, crashes}. */
    private long[] scenario(long seed, LatePolicy policy) {
        SplittableRandom r = new SplittableRandom(seed);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, seed, QPS, faults);
        zim.setLateLanding(lateLanding, 15_000);
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        Map<String, RawMessage> live = new java.util.LinkedHashMap<>();
        Set<String> reportedLate = new HashSet<>();
        Set<String> reportedChanged = new HashSet<>();
        Set<String> behindInFlight = new HashSet<>();
        long[] deltas = new long[2];
        MigrationListener listener = new MigrationListener() {
            @Override
            public void onEvent(MigrationEvent e) {
                if (e instanceof MigrationEvent.Delta d) {
                    deltas[0]++;
                    deltas[1] += d.appendedLate();
                } else if (e instanceof MigrationEvent.Grown g) {
                    deltas[0]++;
                    deltas[1] += g.appendedLate();
                    growths++;
                }
            }

            @Override
            public void onRejection(Rejection rejection) {
                String rule = rejection.violations().get(0).rule();
                if (rule.equals("time.behind-send-in-flight")) {
                    behindInFlight.add(rejection.id()); // a crash left a send in flight, then a later export came
                } else if (rule.equals("time.behind-timeline")) {
                    reportedLate.add(rejection.id());
                } else if (rule.equals("record.changed-since-import")) {
                    reportedChanged.add(rejection.id());
                }
            }
        };
        int users = 2 + r.nextInt(3);
        int groups = 1 + r.nextInt(2);
        long clock = NOW - 86_400_000L * 5;
        int nextId = 0;
        int crashes = 0;
        int exports = 2 + r.nextInt(growing ? 5 : 3);
        // The follow's memory between growths (the IDs planned so far): lost with the process at a crash, or (to
        // check it is consistent at any point) kept, as if only the run had failed. Its own random: same scenarios.
        SplittableRandom memoryRandom = new SplittableRandom(seed * 17 + 5);
        SplittableRandom inFlightRandom = new SplittableRandom(seed * 13 + 3);
        boolean crashedBefore = false;
        SplittableRandom staleRandom = new SplittableRandom(seed * 19 + 7); // its own too: the same scenarios
        io.zimmigrate.core.plan.GrowthMemory memory = new io.zimmigrate.core.plan.GrowthMemory();
        List<RawMessage> grown = new ArrayList<>(); // the followed file's lines, in the order written
        List<RawMessage> duplicates = new ArrayList<>();
        for (int export = 0; export < exports; export++) {
            // The old service keeps going: new messages, mostly later than the last export, some earlier.
            int added = 1 + r.nextInt(25);
            for (int i = 0; i < added; i++) {
                clock += r.nextInt(3) * 1000L;
                long time = r.nextInt(8) == 0 ? clock - r.nextInt(1, 60) * 1000L : clock;
                String id = "m-" + nextId++;
                live.put(id, DeltaExports.message(r, id, time, users, groups, 0));
            }
            if (growing && export > 0 && r.nextInt(3) == 0 && !live.isEmpty()) {
                // A line appended with an ID already planned: a duplicate (record.duplicate-id), never sent.
                RawMessage m = live.get(new ArrayList<>(live.keySet()).get(r.nextInt(live.size())));
                duplicates.add(RawMessage.builder().id(m.id()).groupId(m.groupId()).toUserId(m.toUserId())
                        .fromUserId(m.fromUserId()).messageType(1).sendMessageTime(clock)
                        .bodyMessage(m.id() + "@" + clock + DeltaChecks.DUPLICATE).build());
            }
            if (crashedBefore && inFlightRandom.nextBoolean() && SimHistories.editOneLacking(zim, live, inFlightRandom)) {
                editedAfterCrash++; // maybe the send the crash left in flight (session 11)
            }
            RawMessage beforeSend = crashedBefore && inFlightRandom.nextBoolean()
                    ? SimHistories.justBeforeOne(zim, live, inFlightRandom, "m-" + nextId) : null;
            if (beforeSend != null) {
                live.put(beforeSend.id(), beforeSend); // maybe just before the send in flight (session 12)
                nextId++;
                addedBeforeSend++;
            }
            crashedBefore = false;
            if (export > 0 && r.nextInt(growing ? 8 : 3) == 0 && !live.isEmpty()) {
                String edited = new ArrayList<>(live.keySet()).get(r.nextInt(live.size()));
                live.put(edited, SimHistories.edited(live.get(edited)));
            }
            if (export > 0 && r.nextInt(growing ? 10 : 4) == 0 && !live.isEmpty()) {
                live.remove(new ArrayList<>(live.keySet()).get(r.nextInt(live.size())));
            }
            List<RawMessage> lines = new ArrayList<>(live.values());
            if (growing) {
                // Appended after the line they duplicate, in the order they were written: the export only grew
                // unless a line was edited or deleted.
                grown.addAll(duplicates);
                duplicates.clear();
                lines = DeltaExports.appendOnly(grown, live);
            } else if (r.nextBoolean()) {
                java.util.Collections.shuffle(lines, new java.util.Random(r.nextLong()));
            }
            world.pass(1_000);
            Map<String, List<SimulatedZim.Stored>> before = DeltaChecks.snapshot(zim);
            io.zimmigrate.core.port.MessageSource source = growing ? new GrowingListSource(lines)
                    : new ListSource(lines, "export-" + export);
            MigrationReport report = null;
            while (report == null) {
                boolean crash = crashes < 3 * exports && r.nextInt(3) == 0;
                SimLoop loop = new SimLoop(world, crash && r.nextBoolean() ? 1 + r.nextInt(1 + lines.size() * 3) : Long.MAX_VALUE);
                CrashingJournal j = new CrashingJournal(journal,
                        crash && r.nextBoolean() ? 1 + r.nextInt(1 + lines.size() * 2) : Long.MAX_VALUE, r.nextBoolean());
                PlanStore store = crash && r.nextInt(4) == 0
                        ? new CrashingPlanStore(plans, r.nextInt(1 + lines.size()), r.nextBoolean()) : plans;
                StaleNumbersJournal stale = new StaleNumbersJournal(j, staleRandom);
                try {
                    report = SimMigration.builder(source, zim, stale, loop, seed * 31 + crashes).planStore(store)
                            .journalSlackLines(r.nextInt(12)).listener(listener).lateMessages(policy)
                            .growthMemory(growing ? memory : null).build().run();
                } catch (SimLoop.SimulatedCrash c) {
                    crashes++;
                    staleLines += stale.staleLines();
                    if (memoryRandom.nextBoolean()) {
                        memoryReused += memory.reused();
                        memory = new io.zimmigrate.core.plan.GrowthMemory();
                    }
                    loop.kill();
                    world.pass(2_000);
                    if (export < exports - 1 && r.nextInt(3) == 0) {
                        crashedBefore = true;
                        break; // the export changes again before the restart: the next one resumes this journal
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                staleLines += report == null ? 0 : stale.staleLines();
            }
            if (report == null) {
                restartsOnLater++;
                continue; // checked with the next export, which holds this one's messages (or their edits)
            }
            assertThat(report.stoppedEarly()).isFalse();
            assertThat(report.notAttempted()).isZero();
            if (plans.parts() > 1) {
                keptInParts++; // a growth appended as a part of the kept plan (PlanStore#extend), read back as one
            }
            // Every send in flight is read back before a new line is placed (text bodies: always decided), by a full
            // delta (session 11) and a growth (session 12): nothing is rejected for sorting before one.
            assertThat(behindInFlight).as("rejected as behind a send in flight").isEmpty();
            if (policy == LatePolicy.APPEND) {
                assertThat(reportedLate).as("nothing rejected late with --late=append").isEmpty();
                DeltaChecks.checkAppended(zim, before, live, reportedChanged);
            } else {
                DeltaChecks.check(zim, live, reportedLate, reportedChanged);
            }
            DeltaChecks.checkViewsAgree(zim);
        }
        memoryReused += memory.reused();
        lateLandings += zim.lateLandings();
        long late = policy == LatePolicy.APPEND ? deltas[1] : reportedLate.size();
        return new long[] {late, reportedChanged.size(), deltas[0], crashes};
    }
}
