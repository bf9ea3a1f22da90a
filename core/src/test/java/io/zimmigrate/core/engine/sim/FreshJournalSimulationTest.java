package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.FreshJournal;
import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationException;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue #12 item 2, in the seeded simulation through the real protocol gateway: a fresh journal against a ZIM that
 * already holds part of the input is refused before anything is sent, and {@link FreshJournal#RECOVER_FROM_ZIM}
 * continues exactly after what ZIM holds (never a duplicate, order kept), with faults and crashes during and after
 * the recovery; plus a resume after the retention window moved.
 *
 * <p>Scenarios: {@code -Dsim.freshScenarios=N} (default 120), first seed {@code -Dsim.seed=S}.
 */
class FreshJournalSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final int QPS = SimMigration.QPS;
    private static final RuleSet RULES = RuleSet.defaults();

    @Test
    void aSecondJournalIsRefusedAndRecoveryContinuesExactlyAfterWhatZimHolds() {
        int scenarios = Integer.getInteger("sim.freshScenarios", 120);
        long firstSeed = Long.getLong("sim.seed", 1L);
        int refused = 0;
        int recoveredPartly = 0;
        for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
            try {
                Result r = scenario(seed);
                refused += r.refused ? 1 : 0;
                recoveredPartly += r.timelinesHolding > 0 ? 1 : 0;
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("scenario with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        // The harness really exercises what it claims to.
        assertThat(refused).as("fresh journals refused").isGreaterThan(scenarios / 2);
        assertThat(recoveredPartly).as("recoveries that found history in ZIM").isGreaterThan(scenarios / 2);
    }

    private record Result(boolean refused, long timelinesHolding) {}

    private Result scenario(long seed) throws AssertionError {
        SplittableRandom r = new SplittableRandom(seed);
        List<RawMessage> history = generate(r);
        ListSource source = new ListSource(history);
        Map<String, List<String>> expected = SimHistories.expectedTimelines(history, RULES, NOW);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, seed, QPS, new SimulatedZim.Faults(0.05, 0.05, 0.02));

        // A first journal gets part of the way, then is lost (another directory, deleted, or damaged and moved aside).
        InMemoryJournal lost = new InMemoryJournal();
        runUntilCrash(source, zim, lost, new SimLoop(world, 1 + r.nextInt(1 + history.size() * 3)), seed);
        world.pass(2_000); // what was on the wire arrives
        Map<String, Integer> before = sizes(zim);
        long heldBefore = before.values().stream().mapToLong(Integer::longValue).sum();

        // A fresh journal: the guard reads ZIM back and refuses, sending nothing.
        InMemoryJournal second = new InMemoryJournal();
        int importsBefore = imports(zim);
        boolean refused;
        try {
            run(source, zim, second, new SimLoop(world, Long.MAX_VALUE), seed, FreshJournal.CHECK_ZIM, null);
            refused = false;
            assertThat(heldBefore).as("ZIM held nothing, so the run went on").isZero();
        } catch (MigrationException e) {
            refused = true;
            assertThat(heldBefore).as("refused only when ZIM holds some of the input").isPositive();
            assertThat(e.getMessage()).contains("ZIM already holds", "--recover", "--allow-duplicates");
            assertThat(imports(zim)).as("nothing sent by a refused run").isEqualTo(importsBefore);
            assertThat(sizes(zim)).isEqualTo(before);
            assertThat(JournalState.replay(second).fingerprint()).as("a refused run leaves its journal fresh").isNull();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }

        world.pass(2_000); // the user reads the message and runs again (a new process, a new pacer)

        // Recovery (on the still fresh journal, or on a new one), with crashes during and after it.
        Journal journal = refused ? second : new InMemoryJournal();
        InMemoryJournal durable = refused ? second : (InMemoryJournal) journal;
        long[] holding = {0};
        MigrationListener rebuilt = e -> {
            if (e instanceof MigrationEvent.JournalRebuilt j) {
                holding[0] = j.timelinesHolding();
                assertThat(j.requests()).as("one read per timeline, more only for repeats")
                        .isGreaterThanOrEqualTo(j.timelines());
            }
        };
        MigrationReport report = null;
        SplittableRandom batches = new SplittableRandom(~seed); // apart from r: the scenarios stay as they were
        boolean smallReadAhead = batches.nextBoolean();
        for (int attempt = 0; report == null; attempt++) {
            boolean crash = attempt < 3 && r.nextBoolean();
            SimLoop loop = new SimLoop(world, crash ? 1 + r.nextInt(1 + history.size() * 3) : Long.MAX_VALUE);
            try {
                // A small read-ahead in half the scenarios: recovery then reads ZIM back in several batches (issue #13).
                Migration.Builder b = SimMigration.builder(source, zim,
                        new CrashingJournal(durable, Long.MAX_VALUE, false), loop, seed + attempt)
                        .freshJournal(FreshJournal.RECOVER_FROM_ZIM).listener(rebuilt);
                report = (smallReadAhead ? b.lookahead(1 + batches.nextInt(4)) : b).build().run();
            } catch (SimLoop.SimulatedCrash c) {
                loop.kill();
                world.pass(2_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        SimHistories.assertHeldExactly(zim, expected);
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(zim.busiestSecond("QueryGroupMsg")).isLessThanOrEqualTo(QPS);
        assertThat(zim.busiestSecond("QueryPeerMsg")).isLessThanOrEqualTo(QPS);
        return new Result(refused, holding[0]);
    }

    /**
     * When the newest page holds only repeats of one message ("ok" 120 times in a row), where the timeline stands cannot be
     * told from it: recovery reads an older page, and only for that timeline, then continues exactly.
     */
    @Test
    void recoveryReadsOlderPagesOnlyWhenTheNewestOneIsAmbiguous() throws InterruptedException {
        List<RawMessage> history = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            history.add(RawMessage.builder().id("m" + i).groupId("g").fromUserId("u1").messageType(1)
                    .bodyMessage(i < 100 ? "b-" + i : "ok").sendMessageTime(NOW - 86_400_000L + i * 1000L).build());
        }
        history.add(RawMessage.builder().id("x").groupId("other").fromUserId("u2").messageType(1).bodyMessage("x")
                .sendMessageTime(NOW - 86_400_000L).build());
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 5, QPS, SimulatedZim.Faults.none());
        // An earlier journal, since lost, got 220 messages (and "other") in: its newest 100 are all "ok", and the
        // earliest place in the plan that explains them (after 100 "ok") would be 20 messages short.
        List<RawMessage> earlier = new ArrayList<>(history.subList(0, 220));
        earlier.add(history.get(250));
        run(new ListSource(earlier), zim, new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE), 1,
                FreshJournal.CHECK_ZIM, null);
        world.pass(2_000);
        int readsBefore = zim.requests("QueryGroupMsg");
        long[] reads = {0};
        MigrationReport report = run(new ListSource(history), zim, new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE),
                2, FreshJournal.RECOVER_FROM_ZIM, e -> {
                    if (e instanceof MigrationEvent.JournalRebuilt j) {
                        reads[0] = j.requests();
                    }
                });
        assertThat(zim.timeline("g:g").stream().map(SimulatedZim.Stored::body).toList())
                .containsExactlyElementsOf(history.subList(0, 250).stream().map(RawMessage::bodyMessage).toList());
        assertThat(zim.timeline("g:other")).hasSize(1);
        assertThat(reads[0]).as("one read per timeline, one more page for the ambiguous one").isEqualTo(3);
        assertThat(zim.requests("QueryGroupMsg") - readsBefore).isEqualTo(3);
        assertThat(report.imported()).isEqualTo(30);
        assertThat(report.alreadyDone()).isEqualTo(221);
    }

    /**
     * Issue #13: recovery reads ZIM back a batch of timelines at a time (their first pages at most five times the
     * read-ahead), not every timeline's key, cursor and pages at once. A group whose newest page is ambiguous (as
     * above) comes first in the plan, then 40 one-to-one conversations: with a read-ahead of 20 the group's first page
     * (100 messages) fills its batch, so its older page is read before any later timeline's first, and recovery over
     * several batches still continues exactly after what ZIM holds.
     */
    @Test
    void recoveryOverMoreTimelinesThanABatchReadsThemABatchAtATimeAndContinuesExactly() throws InterruptedException {
        List<RawMessage> history = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            history.add(RawMessage.builder().id("m" + i).groupId("g").fromUserId("u1").messageType(1)
                    .bodyMessage(i < 100 ? "b-" + i : "ok").sendMessageTime(NOW - 86_400_000L + i * 1000L).build());
        }
        for (int c = 0; c < 40; c++) {
            for (int k = 0; k < 3; k++) {
                history.add(RawMessage.builder().id("p" + c + "-" + k).fromUserId("a" + c).toUserId("b" + c)
                        .messageType(1).bodyMessage(k == 1 ? "ok" : "c" + c + "-" + k)
                        .sendMessageTime(NOW - 80_000_000L + c * 10_000L + k * 1000L).build());
            }
        }
        Map<String, List<String>> expected = SimHistories.expectedTimelines(history, RULES, NOW);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, QPS, SimulatedZim.Faults.none());
        // An earlier journal, since lost, got 220 of the group's messages and the first two of each conversation in.
        List<RawMessage> earlier = new ArrayList<>(history.subList(0, 220));
        history.subList(250, history.size()).stream().filter(m -> !m.id().endsWith("-2")).forEach(earlier::add);
        run(new ListSource(earlier), zim, new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE), 1,
                FreshJournal.CHECK_ZIM, null);
        world.pass(2_000);
        int readsBefore = zim.readBacks().size();
        MigrationReport report = SimMigration.builder(new ListSource(history), zim, new InMemoryJournal(),
                        new SimLoop(world, Long.MAX_VALUE), 2).freshJournal(FreshJournal.RECOVER_FROM_ZIM).lookahead(20)
                .build().run();

        SimHistories.assertHeldExactly(zim, expected);
        List<String> reads = zim.readBacks().subList(readsBefore, zim.readBacks().size());
        assertThat(reads).as("one read per timeline, one more page for the ambiguous group").hasSize(1 + 80 + 1);
        int groupsOlderPage = -1;
        for (int i = 0; i < reads.size(); i++) {
            if (reads.get(i).startsWith("g:g ") && !reads.get(i).equals("g:g 0")) {
                groupsOlderPage = i;
            }
        }
        assertThat(groupsOlderPage).as("the group's older page, read within its own batch (reads: %s)", reads)
                .isEqualTo(1);
        assertThat(report.imported()).isEqualTo(30 + 80);
        assertThat(report.alreadyDone()).isEqualTo(220 + 160);
    }

    /**
     * Issue #12 item 3: a run paused long enough for some of its messages to leave the retention window resumes
     * (the journal's identity does not depend on the clock); those messages become {@code time.retention-expired}
     * rejections, the others land once, in order.
     */
    @Test
    void aResumeAfterTheRetentionWindowMovedRejectsWhatLeftItAndDuplicatesNothing() throws InterruptedException {
        List<RawMessage> history = new ArrayList<>();
        long day = 86_400_000L;
        for (int i = 0; i < 40; i++) {
            // Half of them 29 days old (they leave the 30-day window during a two-day pause), half one day old.
            long time = i < 20 ? NOW - 29 * day + i * 1000L : NOW - day + i * 1000L;
            history.add(RawMessage.builder().id("m" + i).groupId("g" + (i % 3)).fromUserId("u" + (i % 4))
                    .messageType(1).bodyMessage("b-" + i).sendMessageTime(time).build());
        }
        ListSource source = new ListSource(history, "retention-sim");
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, QPS, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        runUntilCrash(source, zim, journal, new SimLoop(world, 8), 3);
        world.pass(2 * day);
        List<Rejection> rejections = new ArrayList<>();
        MigrationListener collect = new MigrationListener() {
            @Override
            public void onEvent(MigrationEvent e) {}

            @Override
            public void onRejection(Rejection rj) {
                rejections.add(rj);
            }
        };
        MigrationReport report = run(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), 4,
                FreshJournal.CHECK_ZIM, collect);

        Map<String, List<String>> landed = new HashMap<>();
        zim.timelineKeys().forEach(k -> landed.put(k, zim.timeline(k).stream().map(SimulatedZim.Stored::body).toList()));
        long expired = rejections.stream().filter(x -> x.violations().get(0).rule().equals(RetentionWindow.RULE_EXPIRED)).count();
        assertThat(expired).as("messages that left the window while paused").isPositive();
        assertThat(report.importsRejected()).isEqualTo(expired);
        for (int g = 0; g < 3; g++) {
            List<String> inZim = landed.getOrDefault("g:g" + g, List.of());
            assertThat(inZim).as("g%d in order, once", g).doesNotHaveDuplicates()
                    .isSortedAccordingTo(Comparator.comparingInt(b -> Integer.parseInt(b.substring(2))));
            for (int i = 20; i < 40; i++) {
                if (i % 3 == g) {
                    assertThat(inZim).as("recent message b-%d", i).contains("b-" + i);
                }
            }
        }
        long total = landed.values().stream().mapToLong(List::size).sum();
        assertThat(total + expired).isEqualTo(40);
    }

    private static void runUntilCrash(ListSource source, SimulatedZim zim, Journal journal, SimLoop loop, long seed) {
        try {
            run(source, zim, journal, loop, seed, FreshJournal.CHECK_ZIM, null);
        } catch (SimLoop.SimulatedCrash c) {
            loop.kill();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static MigrationReport run(ListSource source, SimulatedZim zim, Journal journal, SimLoop loop, long seed,
                                       FreshJournal fresh, MigrationListener listener) throws InterruptedException {
        return SimMigration.builder(source, zim, journal, loop, seed).freshJournal(fresh)
                .listener(listener == null ? MigrationListener.NONE : listener).build().run();
    }

    private static Map<String, Integer> sizes(SimulatedZim zim) {
        Map<String, Integer> out = new HashMap<>();
        zim.timelineKeys().forEach(k -> out.put(k, zim.timeline(k).size()));
        return out;
    }

    private static int imports(SimulatedZim zim) {
        return zim.requests("ImportGroupMsg") + zim.requests("ImportPeerMsg");
    }

    /**
     * Histories of at most 18 timelines (so the guard reads them all), where a sender often repeats a body ("ok"),
     * so recovery must line the read-back up with the plan rather than look a body up; images and files too.
     */
    private static List<RawMessage> generate(SplittableRandom r) {
        int users = 2 + r.nextInt(3);
        int groups = r.nextInt(4);
        int n = 5 + r.nextInt(60);
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sender = "u" + r.nextInt(users);
            long time = NOW - 86_400_000L * 3 + r.nextInt(30) * 1000L;
            int type = new int[] {1, 1, 1, 11, 12}[r.nextInt(5)];
            String body = r.nextInt(25) == 0 ? SimulatedZim.POISON + "-" + i : r.nextInt(3) == 0 ? "ok" : "b-" + i;
            if (type != 1) {
                body = SimHistories.mediaBody(type, i, body);
            }
            RawMessage.Builder b = RawMessage.builder().id("m-" + i).fromUserId(sender).messageType(type)
                    .bodyMessage(body).sendMessageTime(time);
            if (groups > 0 && r.nextBoolean()) {
                b.groupId("g" + r.nextInt(groups));
            } else {
                String to = "u" + r.nextInt(users);
                b.toUserId(to.equals(sender) ? (sender.equals("u0") ? "u1" : "u0") : to);
            }
            out.add(b.build());
        }
        return out;
    }
}
