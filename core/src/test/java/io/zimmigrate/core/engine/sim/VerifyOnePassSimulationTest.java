package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.Verification;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code verify} of many timelines reads the plan once (issue #13: it read the whole plan once per 200,000 expected
 * messages, about 100 passes over a 1.9 GB plan for 10 M one-to-one messages): a history of one-to-one conversations
 * and two groups, imported through the real protocol gateway into the simulated ZIM, then changed there (a message
 * lost, one held twice, two swapped); verified holding at most 40 messages of a timeline (the groups' 120 compared as
 * they stream), it reads the plan's messages once and reports exactly what holding everything reports.
 */
class VerifyOnePassSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void manyTimelinesAreComparedFromOnePassOverThePlan() throws InterruptedException {
        List<RawMessage> history = history(new SplittableRandom(13));
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, SimMigration.QPS, SimulatedZim.Faults.none());
        CountingScratch planScratch = new CountingScratch();
        Migration migration = SimMigration.builder(new ListSource(history), zim, new InMemoryJournal(),
                new SimLoop(world, Long.MAX_VALUE), 1).provision(true).scratch(planScratch).build();
        MigrationReport run = migration.run();
        assertThat(run.imported()).isEqualTo(run.importCalls());

        List<String> keys = new ArrayList<>(zim.timelineKeys());
        String peer = keys.stream().filter(k -> k.startsWith("p:")).filter(k -> zim.timeline(k).size() >= 3)
                .findFirst().orElseThrow();
        String group = keys.stream().filter(k -> k.startsWith("g:")).findFirst().orElseThrow();
        change(zim.timeline(peer), held -> held.remove(1)); // lost
        change(zim.timeline(group), held -> {
            held.add(10, held.get(10)); // held twice
            held.add(40, held.remove(41)); // two swapped
        });

        Plan plan = migration.plan();
        Verification.Report whole = new Verification(zim.gateway(), new SimLoop(world, Long.MAX_VALUE),
                SimMigration.QPS).verify(plan, Long.MAX_VALUE);
        assertThat(whole.missing()).isEqualTo(1);
        assertThat(whole.duplicated()).isEqualTo(1);
        assertThat(whole.outOfOrder()).isEqualTo(1);
        assertThat(whole.differences()).hasSize(2);

        int before = planScratch.passes;
        Verification.Report bounded = new Verification(zim.gateway(), new SimLoop(world, Long.MAX_VALUE),
                SimMigration.QPS, new InMemoryScratchSpace()).verify(plan, 40);
        assertThat(planScratch.passes - before).as("passes over the plan's runs")
                .isEqualTo(plan.messages().runCount());
        assertThat(bounded).isEqualTo(whole);
    }

    private static void change(List<SimulatedZim.Stored> held, java.util.function.Consumer<List<SimulatedZim.Stored>> edit) {
        List<SimulatedZim.Stored> changed = new ArrayList<>(held);
        edit.accept(changed);
        held.clear();
        for (SimulatedZim.Stored m : changed) { // the simulated ZIM pages by sequence: renumbered as stored now
            held.add(new SimulatedZim.Stored(m.sender(), m.type(), m.body(), held.size() + 1));
        }
    }

    /** 300 one-to-one messages among 30 users and 120 in each of two groups, interleaved in time. */
    private static List<RawMessage> history(SplittableRandom r) {
        List<RawMessage> out = new ArrayList<>();
        for (int i = 0; i < 540; i++) {
            RawMessage.Builder b = RawMessage.builder().id("m" + i).messageType(1).bodyMessage("b" + i)
                    .sendMessageTime(NOW - 86_400_000L + i);
            if (i % 9 < 5) {
                int from = r.nextInt(30);
                b.fromUserId("u" + from).toUserId("u" + ((from + 1 + r.nextInt(29)) % 30));
            } else {
                b.fromUserId("u" + r.nextInt(30)).groupId("g" + (i % 2));
            }
            out.add(b.build());
        }
        return out;
    }
}
