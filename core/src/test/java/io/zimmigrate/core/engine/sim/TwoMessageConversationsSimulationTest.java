package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import io.zimmigrate.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Resumes of one-to-one histories of mostly two-message conversations, each conversation's messages far apart in the
 * plan (P6's users shape), crashed anywhere: once a conversation's first message is settled, a resume takes its last
 * as its first unsettled one and skips everything before the earliest such message unread (issue 15). Among them are
 * conversations of one and of three messages, views of one message (hidden for the other side), equal send times and
 * a few group messages, for which that bound must not hold: were a three-message view's middle message skipped, or a
 * view whose first message is unsettled, a message would be lost. Every valid message lands exactly once in each of
 * its timelines, in order, through the protocol gateway, and a finished migration run again sends nothing.
 *
 * <p>Scenarios: {@code -Dsim.scenarios=N} (default 40), first seed {@code -Dsim.seed=S}. A failure names its seed.
 */
class TwoMessageConversationsSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void aResumeSkippingToEachOpenConversationsLastMessageSendsEveryMessageOnceInOrder() {
        int scenarios = Integer.getInteger("sim.scenarios", 40);
        long firstSeed = Long.getLong("sim.seed", 1L);
        long lateResumes = 0;
        for (long seed = firstSeed; seed < firstSeed + scenarios; seed++) {
            try {
                lateResumes += scenario(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("scenario with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
        assertThat(lateResumes).as("resumes after every conversation's first message had landed").isPositive();
    }

    /** Resumes whose crash came after the early half of the history had landed. */
    private static long scenario(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int users = 16 + r.nextInt(80);
        List<RawMessage> history = history(r, users);
        ListSource source = new ListSource(history, "two-message-" + seed);
        Map<String, List<String>> expected = SimHistories.expectedTimelines(history, RuleSet.defaults(), NOW);
        InMemoryPlanStore plans = new InMemoryPlanStore();
        InMemoryJournal journal = new InMemoryJournal();
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, seed, SimMigration.QPS, new SimulatedZim.Faults(0.05, 0.03, 0.02));
        MigrationReport report = null;
        int crashes = 0;
        long lateResumes = 0;
        while (report == null) {
            boolean crash = crashes < 4 && r.nextInt(5) > 0;
            long turns = crash ? 1 + r.nextInt(1 + history.size() * 3) : Long.MAX_VALUE;
            // The first run dies after a number of imports (two a message) past the early half of the history, so
            // that the prefix the journal settles ends mid-plan; the others anywhere (after a number of loop turns).
            long imports = crashes == 0 ? 2L * users + r.nextInt(2 * (history.size() - users)) : Long.MAX_VALUE;
            if (crashes > 0 && zim.requests("ImportPeerMsg") > 2 * users) {
                lateResumes++;
            }
            try {
                report = SimMigration.builder(source, zim, journal, new SimLoop(world, turns), seed * 31 + crashes)
                        .gateway(new DieAfter(zim, imports)).planStore(plans).build().run();
            } catch (SimLoop.SimulatedCrash c) {
                crashes++;
                world.pass(2_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        SimHistories.assertHeldExactly(zim, expected);
        assertThat(report.notAttempted()).isZero();
        assertThat(report.imported() + report.importsRejected() + report.alreadyDone()).isEqualTo(report.importCalls());

        int sent = zim.requests("ImportPeerMsg") + zim.requests("ImportGroupMsg");
        MigrationReport again;
        try {
            again = SimMigration.builder(source, zim, journal, new SimLoop(world, Long.MAX_VALUE), seed)
                    .planStore(plans).build().run();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(zim.requests("ImportPeerMsg") + zim.requests("ImportGroupMsg")).as("sent again").isEqualTo(sent);
        assertThat(again.alreadyDone()).isEqualTo(again.importCalls());
        return lateResumes;
    }

    /** Dies (as a killed process) when asked for its import number {@code limit} + 1. */
    private static final class DieAfter extends ForwardingGateway {
        private final long limit;
        private long imports;

        DieAfter(SimulatedZim zim, long limit) {
            super(zim.gateway());
            this.limit = limit;
        }

        @Override
        public java.util.concurrent.CompletionStage<io.zimmigrate.core.port.Outcome<ImportReceipt>> importMessage(
                io.zimmigrate.core.model.Message message, io.zimmigrate.core.model.Timeline timeline) {
            if (++imports > limit) {
                throw new SimLoop.SimulatedCrash();
            }
            return super.importMessage(message, timeline);
        }
    }

    /**
     * Message i between user i mod U and user i + U/2 + 1 mod U for i below 2U (conversation x: messages x and x + U),
     * then a third message for some conversations; now and then equal send times, a message hidden for one side
     * (its other view gets one message less), a conversation of two random users, a group message.
     */
    private static List<RawMessage> history(SplittableRandom r, int users) {
        int n = 2 * users + r.nextInt(1 + users);
        long time = NOW - 3 * 86_400_000L;
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int x = i < 2 * users ? i % users : r.nextInt(users);
            int y = (x + users / 2 + 1) % users;
            if (r.nextInt(25) == 0) {
                y = r.nextInt(users);
            }
            if (y == x) {
                y = (x + 1) % users;
            }
            time += r.nextInt(4) == 0 ? 0 : 1000;
            RawMessage.Builder b = RawMessage.builder().id("m" + i).fromUserId("u" + x).messageType(1)
                    .bodyMessage("b-" + i).sendMessageTime(time);
            if (r.nextInt(30) == 0) {
                b.groupId("g" + r.nextInt(3));
            } else {
                b.toUserId("u" + y).hiddenFor(r.nextInt(12) == 0 ? List.of(r.nextBoolean() ? "u" + x : "u" + y) : null);
            }
            out.add(b.build());
        }
        return out;
    }
}
