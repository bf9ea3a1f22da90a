package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalCompaction;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine's promises, checked on thousands of generated histories in a deterministic simulated world (virtual
 * clock, seeded faults, crashes at arbitrary points followed by a restart from the journal):
 * every valid message lands exactly once in each timeline it belongs to, in order; the counts add up; no second
 * holds more requests of one action than the cap; a finished migration run again sends nothing.
 *
 * <p>Resume paths are exercised too: most sources have an identity, so their plan is kept (and a crash may hit
 * while it is being kept, or the kept plan may be deleted between runs); most scenarios compact the journal every
 * few lines while running (and a crash may hit a compaction); a resumed run skips the settled prefix.
 *
 * <p>Scenarios: {@code -Dsim.scenarios=N} (default 300), first seed {@code -Dsim.seed=S}. A failure names its seed.
 */
class EngineSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final int QPS = SimMigration.QPS;
    private static final RuleSet RULES = RuleSet.defaults();

    @Test
    void everyValidMessageLandsOnceInOrderDespiteFaultsAndCrashes() {
        int scenarios = Integer.getInteger("sim.scenarios", 300);
        long firstSeed = Long.getLong("sim.seed", 1L);
        long crashes = 0;
        long reconciled = 0;
        long compactions = 0;
        long reusedPlans = 0;
        for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
            try {
                Outcome o = scenario(seed, new SimulatedZim.Faults(0.10, 0.05, 0.03), 3);
                crashes += o.crashes();
                reconciled += o.reconciledLanded();
                compactions += o.compactions();
                reusedPlans += o.reusedPlans();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("scenario with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        // The harness really exercises what it claims to.
        assertThat(crashes).as("crashes injected").isGreaterThan(scenarios / 2);
        assertThat(reconciled).as("lost answers found landed on reconciliation").isGreaterThan(0);
        assertThat(compactions).as("journal compactions while running").isGreaterThan(scenarios);
        assertThat(reusedPlans).as("resumes that reused the kept plan").isGreaterThan(scenarios / 4);
    }

    /**
     * Issue #12 item 1: images and files whose answers are lost must be recognised on reconciliation whichever form
     * ZIM reads their bodies back in (its documented snake_case form, or as sent), and never sent twice.
     */
    @Test
    void lostAnswersOnImagesAndFilesAreRecognisedInEitherReadBackForm() {
        int scenarios = Integer.getInteger("sim.mediaScenarios", 60);
        long firstSeed = Long.getLong("sim.seed", 1L);
        for (SimulatedZim.ReadBack form : List.of(SimulatedZim.ReadBack.DOCUMENTED, SimulatedZim.ReadBack.AS_SENT)) {
            long reconciled = 0;
            for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
                try {
                    reconciled += scenario(seed, new SimulatedZim.Faults(0.05, 0.30, 0.03), 2, true, form).reconciledLanded();
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("media scenario with seed " + seed + ", read back " + form + " failed: "
                            + e.getMessage(), e);
                }
            }
            assertThat(reconciled).as("lost answers found landed on reconciliation, read back %s", form)
                    .isGreaterThan(scenarios / 2);
        }
    }

    /**
     * A lost answer whose read-back is from our sender, of our type, with a body neither known form explains: the
     * timeline stops with a rejection naming the message and the read-back; nothing is sent twice, and a later run
     * reads back again instead of resending.
     */
    @Test
    void aReadBackThatCannotBeInterpretedStopsTheTimelineAndResendsNothing() throws InterruptedException {
        List<RawMessage> history = List.of(
                message(12, "m-1", "g1", null, "u1", NOW - 60_000, SimHistories.mediaBody(12, 1, "b-1"), null),
                message(1, "m-2", "g1", null, "u1", NOW - 50_000, "b-2", null));
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 5, QPS, new SimulatedZim.Faults(0, 1.0, 0));
        zim.setReadBack(SimulatedZim.ReadBack.UNREADABLE);
        InMemoryJournal journal = new InMemoryJournal();
        List<io.zimmigrate.core.rules.Rejection> rejections = new ArrayList<>();
        MigrationListener listener = new MigrationListener() {
            @Override
            public void onEvent(MigrationEvent e) {}

            @Override
            public void onRejection(io.zimmigrate.core.rules.Rejection r) {
                rejections.add(r);
            }
        };
        MigrationReport report = migration(new ListSource(history), zim, journal, new SimLoop(world, Long.MAX_VALUE), 5,
                null, JournalCompaction.DEFAULT_SLACK_LINES, listener).run();

        assertThat(zim.timeline("g:g1")).hasSize(1);
        assertThat(zim.requests("ImportGroupMsg")).isEqualTo(1);
        assertThat(report.imported()).isZero();
        assertThat(report.notAttempted()).isEqualTo(1);
        assertThat(rejections).singleElement().satisfies(r -> assertThat(r.violations()).singleElement()
                .satisfies(v -> {
                    assertThat(v.rule()).isEqualTo("reconcile.cannot-decide");
                    assertThat(v.message()).contains("m-1", "%7B%22mystery%22%3A1%7D", "nothing was resent");
                }));

        zim.setFaults(SimulatedZim.Faults.none());
        MigrationReport again = migration(new ListSource(history), zim, journal, new SimLoop(world, Long.MAX_VALUE), 6,
                null, JournalCompaction.DEFAULT_SLACK_LINES, listener).run();
        assertThat(zim.requests("ImportGroupMsg")).as("still never resent").isEqualTo(1);
        assertThat(again.imported()).isZero();
    }

    private record Outcome(int crashes, long reconciledLanded, long compactions, long reusedPlans) {}

    @Test
    void withoutFaultsTheCapIsFilledAndNeverExceeded() {
        SplittableRandom r = new SplittableRandom(99);
        List<RawMessage> history = SimHistories.roundRobin(600, 12, 5, NOW);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 7, QPS, SimulatedZim.Faults.none());
        // A steady network (round trips 50–55 ms): the pacer's guard follows the spread of round trips, since it
        // cannot tell arrival jitter from the answer's; with the default 60 ms spread it would hold 97.5 % of the cap.
        zim.setLatency(10, 40, 5);
        MigrationReport report = migration(new ListSource(history), zim, new InMemoryJournal(),
                new SimLoop(world, Long.MAX_VALUE), 1, null, JournalCompaction.DEFAULT_SLACK_LINES, null).runQuietly();
        assertThat(report.imported()).isEqualTo(600);
        assertThat(zim.throttledAnswers()).isZero();
        assertThat(zim.busiestSecond("ImportGroupMsg")).isLessThanOrEqualTo(QPS);
        double rate = 600_000.0 / report.importMillis();
        assertThat(rate).as("calls per second over the run").isGreaterThanOrEqualTo(0.99 * QPS);
    }

    private Outcome scenario(long seed, SimulatedZim.Faults faults, int maxCrashes) {
        return scenario(seed, faults, maxCrashes, false, SimulatedZim.ReadBack.DOCUMENTED);
    }

    private Outcome scenario(long seed, SimulatedZim.Faults faults, int maxCrashes, boolean media,
                             SimulatedZim.ReadBack readBack) {
        SplittableRandom r = new SplittableRandom(seed);
        List<RawMessage> history = generate(r, media);
        ListSource source = new ListSource(history, r.nextInt(4) > 0 ? "sim-" + seed : null);
        Map<String, List<String>> expected = SimHistories.expectedTimelines(history, RULES, NOW);
        InMemoryPlanStore plans = new InMemoryPlanStore();
        long slack = r.nextInt(4) == 0 ? JournalCompaction.DEFAULT_SLACK_LINES : r.nextInt(12);
        long[] reused = new long[1];
        MigrationListener countReuse = e -> {
            if (e instanceof MigrationEvent.PlanSource p && p.reused()) {
                reused[0]++;
            }
        };

        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, seed, QPS, faults);
        zim.setReadBack(readBack);
        InMemoryJournal journal = new InMemoryJournal();
        MigrationReport report = null;
        int crashes = 0;
        long compactions = 0;
        while (report == null) {
            boolean crash = crashes < maxCrashes && r.nextInt(3) > 0;
            SimLoop loop = new SimLoop(world, crash && r.nextBoolean() ? 1 + r.nextInt(1 + history.size() * 3) : Long.MAX_VALUE);
            CrashingJournal j = new CrashingJournal(journal,
                    crash && r.nextBoolean() ? 1 + r.nextInt(1 + history.size() * 2) : Long.MAX_VALUE, r.nextBoolean());
            PlanStore store = crash && r.nextInt(4) == 0
                    ? new CrashingPlanStore(plans, r.nextInt(1 + history.size()), r.nextBoolean()) : plans;
            if (r.nextInt(8) == 0) {
                plans.discard(); // the user deleted the kept plan: the next run plans in full
            }
            try {
                report = migration(source, zim, j, loop, seed * 31 + crashes, store, slack, countReuse).run();
            } catch (SimLoop.SimulatedCrash c) {
                crashes++;
                loop.kill();
                world.pass(2_000); // a restart takes longer than any request on the wire
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                compactions += j.rewrites();
            }
        }

        SimHistories.assertHeldExactly(zim, expected);

        // Counts add up, in total and per timeline.
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(report.notAttempted()).isZero();
        assertThat(report.imported() + report.importsRejected() + report.alreadyDone() + report.notAttempted())
                .isEqualTo(report.importCalls());
        assertThat(report.messagesValid() + report.messagesRejected()).isEqualTo(report.messagesRead());
        report.timelines().forEach((k, t) -> assertThat(t.imported() + t.rejected() + t.alreadyDone() + t.notAttempted())
                .as("counts of %s", k).isEqualTo(t.importCalls()));
        assertThat(report.timelines().values().stream().mapToLong(MigrationReport.TimelineReport::imported).sum())
                .as("the total is the timelines' sum").isEqualTo(report.imported());
        assertThat(report.timelines().values().stream().mapToLong(MigrationReport.TimelineReport::alreadyDone).sum())
                .isEqualTo(report.alreadyDone());
        if (crashes == 0) {
            long expectedImports = expected.values().stream().mapToLong(List::size).sum();
            assertThat(report.imported()).isEqualTo(expectedImports);
        }

        // The cap holds at the server.
        assertThat(zim.busiestSecond("ImportGroupMsg")).isLessThanOrEqualTo(QPS);
        assertThat(zim.busiestSecond("ImportPeerMsg")).isLessThanOrEqualTo(QPS);

        // Reading every timeline back finds nothing missing (except what ZIM refused), twice or out of order.
        try {
            io.zimmigrate.core.engine.Verification.Report check = new io.zimmigrate.core.engine.Verification(zim.gateway(),
                    new SimLoop(world, Long.MAX_VALUE), QPS).verify(migration(source, zim, journal,
                    new SimLoop(world, Long.MAX_VALUE), seed, null, slack, null).migration().plan());
            assertThat(check.duplicated()).isZero();
            assertThat(check.outOfOrder()).isZero();
            assertThat(check.missing()).isEqualTo(poisoned(history));
            // A batch at a time (issue #13: bounded memory) finds the very same.
            io.zimmigrate.core.engine.Verification.Report batched = new io.zimmigrate.core.engine.Verification(
                    zim.gateway(), new SimLoop(world, Long.MAX_VALUE), QPS).verify(migration(source, zim, journal,
                    new SimLoop(world, Long.MAX_VALUE), seed, null, slack, null).migration().plan(), 7);
            assertThat(batched).usingRecursiveComparison().ignoringCollectionOrder().isEqualTo(check);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }

        // Running a finished migration again sends nothing, with the kept plan (skipping all of it) or without.
        int before = zim.requests("ImportGroupMsg") + zim.requests("ImportPeerMsg");
        MigrationReport again = migration(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), seed, plans, slack,
                countReuse).runQuietly();
        MigrationReport replanned = migration(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), seed, null,
                slack, null).runQuietly();
        assertThat(zim.requests("ImportGroupMsg") + zim.requests("ImportPeerMsg")).isEqualTo(before);
        MigrationReport finished = report;
        for (MigrationReport done : List.of(again, replanned)) {
            assertThat(done.alreadyDone()).isEqualTo(done.importCalls());
            assertThat(done.importCalls()).isEqualTo(report.importCalls());
            assertThat(done.messagesRead()).isEqualTo(report.messagesRead());
            assertThat(done.messagesRejected()).isEqualTo(report.messagesRejected());
            assertThat(done.timelines().keySet()).isEqualTo(report.timelines().keySet());
            done.timelines().forEach((k, t) -> {
                assertThat(t.importCalls()).as("calls of %s", k).isEqualTo(finished.timelines().get(k).importCalls());
                assertThat(t.alreadyDone()).as("done of %s", k).isEqualTo(t.importCalls());
            });
        }
        return new Outcome(crashes, report.reconciledLanded(), compactions, reused[0]);
    }

    /** Timeline entries whose message ZIM refuses (the poison pills), among valid records. */
    private static long poisoned(List<RawMessage> history) {
        InputRules rules = new InputRules(new MessageRules(RULES));
        long n = 0;
        for (int i = 0; i < history.size(); i++) {
            Validation v = rules.check(new SourceRecord.Readable(Locator.line("memory", i + 1), history.get(i)), NOW);
            if (v instanceof Validation.Accepted a && a.message().body().message().contains(SimulatedZim.POISON)) {
                n += a.message().timelines().size();
            }
        }
        return n;
    }

    /** Random histories: few users and groups, many equal timestamps, HiddenFor, poison and invalid records. */
    private static List<RawMessage> generate(SplittableRandom r, boolean media) {
        int users = 2 + r.nextInt(5);
        int groups = r.nextInt(4);
        int n = 1 + r.nextInt(60);
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sender = "u" + r.nextInt(users);
            long time = r.nextInt(20) == 0 ? 0 : NOW - 86_400_000L * 3 + r.nextInt(30) * 1000L;
            String body = (r.nextInt(25) == 0 ? SimulatedZim.POISON + "-" : "b-") + i;
            String id = r.nextInt(40) == 0 && i > 0 ? "m-" + (i - 1) : "m-" + i;
            if (r.nextInt(25) == 0) {
                sender = "bad user"; // space: refused by the strict ID rules
            }
            int type = media ? new int[] {1, 11, 12}[r.nextInt(3)] : 1;
            if (type != 1) {
                body = SimHistories.mediaBody(type, i, body);
            }
            if (groups > 0 && r.nextBoolean()) {
                out.add(message(type, id, "g" + r.nextInt(groups), null, sender, time, body, null));
            } else {
                String to = "u" + r.nextInt(users);
                if (to.equals(sender)) {
                    to = sender.equals("u0") ? "u1" : "u0";
                }
                List<String> hidden = null;
                if (r.nextInt(5) == 0) {
                    hidden = r.nextBoolean() ? List.of(sender) : List.of(to);
                }
                out.add(message(type, id, null, to, sender, time, body, hidden));
            }
        }
        return out;
    }

    private static RawMessage message(int type, String id, String group, String to, String from, long time,
                                      String body, List<String> hidden) {
        return RawMessage.builder().id(id).groupId(group).toUserId(to).fromUserId(from).messageType(type)
                .bodyMessage(body).sendMessageTime(time == 0 ? null : time).hiddenFor(hidden).build();
    }

    private static Runner migration(ListSource source, SimulatedZim zim, io.zimmigrate.core.port.Journal journal,
                                    SimLoop loop, long seed, PlanStore plans, long slack, MigrationListener listener) {
        Migration m = SimMigration.builder(source, zim, journal, loop, seed).planStore(plans).journalSlackLines(slack)
                .listener(listener == null ? MigrationListener.NONE : listener).build();
        return new Runner(m);
    }

    private record Runner(Migration migration) {
        MigrationReport run() throws InterruptedException {
            return migration.run();
        }

        MigrationReport runQuietly() {
            try {
                return migration.run();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
