package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.Verification;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.port.ScratchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code verify} of one group bigger than a pass (issue #13: 10 M messages in one group held both lists) compares it
 * message by message with what it holds in the simulated ZIM, read back through the real protocol gateway into the
 * scratch space: the same report as holding both lists, for a group that lost a run of messages, holds a few twice
 * and two swapped, each difference far from the next.
 */
class VerifyOneBigGroupSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void oneGroupBiggerThanAPassIsComparedAsAWhole() throws InterruptedException {
        var history = SimHistories.roundRobin(3_000, 1, 7, NOW);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, SimMigration.QPS, SimulatedZim.Faults.none());
        Migration migration = SimMigration.builder(new ListSource(history), zim, new InMemoryJournal(),
                new SimLoop(world, Long.MAX_VALUE), 1).build();
        MigrationReport run = migration.run();
        assertThat(run.imported()).isEqualTo(3_000);

        List<SimulatedZim.Stored> held = zim.timeline(zim.timelineKeys().iterator().next());
        List<SimulatedZim.Stored> changed = new ArrayList<>(held);
        changed.subList(1_000, 1_600).clear(); // a run of 600 lost, longer than the window (100)
        changed.add(200, changed.get(200)); // a duplicate next to its original
        changed.add(2_000, changed.get(50)); // a duplicate far from its original
        SimulatedZim.Stored swapped = changed.remove(2_300); // two swapped
        changed.add(2_301, swapped);
        held.clear();
        for (SimulatedZim.Stored m : changed) { // the simulated ZIM pages by sequence: renumbered as stored now
            held.add(new SimulatedZim.Stored(m.sender(), m.type(), m.body(), held.size() + 1));
        }

        Plan plan = migration.plan();
        Verification.Report whole = new Verification(zim.gateway(), new SimLoop(world, Long.MAX_VALUE),
                SimMigration.QPS).verify(plan);
        assertThat(whole.missing()).isEqualTo(600);
        assertThat(whole.duplicated()).isEqualTo(2);
        assertThat(whole.outOfOrder()).isEqualTo(1);

        Spills scratch = new Spills();
        Verification.Report streamed = new Verification(zim.gateway(), new SimLoop(world, Long.MAX_VALUE),
                SimMigration.QPS, scratch).verify(plan, 400);
        assertThat(streamed).isEqualTo(whole);
        assertThat(scratch.runs).as("the read-back went to the scratch space, 200 at a time").isEqualTo(2_403 / 200);
    }

    /** Counts the runs written. */
    private static final class Spills implements ScratchSpace {
        private final ScratchSpace inner = new InMemoryScratchSpace();
        int runs;

        @Override
        public RunWriter newRun() {
            runs++;
            return inner.newRun();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
