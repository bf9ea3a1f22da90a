package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryPlanStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Journal format 5 (issue 15, P6): once every user of the plan is provisioned, the compact journal says so in one line
 * instead of a line per 1,000 IDs. Through the real engine and the simulated ZIM: a resume keyed by the kept plan
 * registers nobody again, and a delta (a new export, the earlier plan kept) reads which users those were through the
 * earlier plan and registers only the users new to it.
 */
class EveryUserProvisionedSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    private static List<RawMessage> pairs(String from, String to, int n, long start) {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(RawMessage.builder().id(from + to + i).fromUserId(from + i).toUserId(to + i).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(start + i).build());
        }
        return out;
    }

    private static Migration migration(List<RawMessage> history, String export, SimulatedZim zim, SimWorld world,
                                       InMemoryJournal journal, InMemoryPlanStore plans) {
        return Migration.builder().source(new ListSource(history, export)).gateway(zim.gateway()).journal(journal)
                .planStore(plans).loop(new SimLoop(world, Long.MAX_VALUE)).qps(20).provision(true)
                .journalSlackLines(0).jitter(new SplittableRandom(5)).build();
    }

    private static Migration growing(List<RawMessage> history, SimulatedZim zim, SimWorld world,
                                     InMemoryJournal journal, InMemoryPlanStore plans, int[] grown) {
        return Migration.builder().source(new GrowingListSource(history)).gateway(zim.gateway()).journal(journal)
                .listener(e -> grown[0] += e instanceof io.zimmigrate.core.engine.MigrationEvent.Grown ? 1 : 0)
                .planStore(plans).loop(new SimLoop(world, Long.MAX_VALUE)).qps(20).provision(true)
                .journalSlackLines(0).jitter(new SplittableRandom(5)).build();
    }

    private static List<String> lines(InMemoryJournal journal) {
        List<String> out = new ArrayList<>();
        journal.replay(out::add);
        return out;
    }

    @Test
    void aResumeAndADeltaOverTheLineThatSaysEveryUserRegisterOnlyWhoIsNew() throws Exception {
        List<RawMessage> first = pairs("a", "b", 260, NOW - 86_400_000L); // 520 users: 6 batches
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, 20, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        MigrationReport report = migration(first, "export-1", zim, world, journal, plans).run();
        assertThat(report.imported()).isEqualTo(520);
        assertThat(zim.requests("UserRegister")).isEqualTo(6);
        assertThat(lines(journal)).as("compacted after every user was registered")
                .anyMatch(l -> l.startsWith("[\"du\",") && l.endsWith(",520]"))
                .noneMatch(l -> l.startsWith("[\"dp\",") && l.contains("\"user:"));

        world.pass(60_000);
        report = migration(first, "export-1", zim, world, journal, plans).run();
        assertThat(report.imported()).as("a resume imports nothing again").isZero();
        assertThat(zim.requests("UserRegister")).as("and registers nobody again").isEqualTo(6);

        world.pass(60_000);
        List<RawMessage> next = new ArrayList<>(first);
        next.addAll(pairs("a", "c", 3, NOW - 3_600_000L)); // c0..c2 are new; a0..a2 write again
        report = migration(next, "export-2", zim, world, journal, plans).run();
        assertThat(report.imported()).as("the delta's new messages, each in its two views").isEqualTo(6);
        assertThat(zim.requests("UserRegister")).as("one batch: the users new to the delta").isEqualTo(7);
        Set<String> expected = new HashSet<>();
        next.forEach(m -> {
            expected.add(m.fromUserId());
            expected.add(m.toUserId());
        });
        assertThat(zim.users()).isEqualTo(expected);
    }

    @Test
    void aGrowthOverTheLineThatSaysEveryUserRegistersOnlyWhoIsNew() throws Exception {
        List<RawMessage> first = pairs("a", "b", 260, NOW - 86_400_000L);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, 20, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        InMemoryPlanStore plans = new InMemoryPlanStore();
        int[] grown = {0};
        growing(first, zim, world, journal, plans, grown).run();
        assertThat(lines(journal)).anyMatch(l -> l.startsWith("[\"du\",") && l.endsWith(",520]"));
        assertThat(zim.requests("UserRegister")).isEqualTo(6);

        world.pass(60_000);
        List<RawMessage> next = new ArrayList<>(first);
        next.addAll(pairs("a", "c", 3, NOW - 3_600_000L)); // appended: c0..c2 new
        MigrationReport report = growing(next, zim, world, journal, plans, grown).run();
        assertThat(grown[0]).as("the second run was a growth").isEqualTo(1);
        assertThat(report.imported()).isEqualTo(6);
        assertThat(zim.requests("UserRegister")).as("one batch: the users the growth adds").isEqualTo(7);
        assertThat(zim.users()).hasSize(523);
    }
}
