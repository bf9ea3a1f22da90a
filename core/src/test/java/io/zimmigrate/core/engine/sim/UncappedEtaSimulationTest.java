package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The progress ETA of an uncapped run ({@code run --qps 0}, a rehearsal), through the real protocol gateway in the
 * simulated world: it follows the rate the run goes at. Before, an uncapped rate was taken as infinite and the ETA was
 * the longest timeline's bound alone ("1s" with 2.1 M calls left at about 8,500 calls/s).
 */
class UncappedEtaSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void theProgressEtaOfAnUncappedRunFollowsTheRateItGoesAt() {
        List<RawMessage> history = new ArrayList<>(); // 4,000 one-to-one calls, each timeline one call long
        for (int i = 0; i < 2_000; i++) {
            history.add(RawMessage.builder().id("m" + i).fromUserId("a" + i).toUserId("b" + i).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + i * 1000L).build());
        }
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 5, 0, SimulatedZim.Faults.none()); // no cap on the server either
        zim.setLatency(45, 48, 5);
        List<long[]> etas = new ArrayList<>();
        MigrationListener listener = e -> {
            if (e instanceof MigrationEvent.Progress p) {
                etas.add(new long[] {world.now(), p.etaMillis()});
            }
        };
        MigrationReport report;
        try {
            report = Migration.builder().source(new ListSource(history)).gateway(zim.gateway())
                    .journal(new InMemoryJournal()).loop(new SimLoop(world, Long.MAX_VALUE)).rules(RuleSet.defaults())
                    .qps(0).maxInFlight(4).jitter(new SplittableRandom(5)).listener(listener).build().run();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(report.imported()).isEqualTo(4_000);
        long end = world.now();
        assertThat(end - NOW).as("4 in flight at about 100 ms: tens of seconds, far over one round trip")
                .isGreaterThan(30_000);
        long checked = 0;
        for (long[] e : etas) {
            long left = end - e[0];
            if (e[0] - NOW >= 5_000 && left >= 5_000) {
                if (e[1] < 0) { // not known until the measured rate spans its shortest window
                    assertThat(e[0] - NOW).as("ETA still unknown at %d ms into the run", e[0] - NOW).isLessThan(10_000);
                    continue;
                }
                assertThat(e[1]).as("ETA at %d ms into the run, %d ms left", e[0] - NOW, left)
                        .isBetween((long) (0.75 * left) - 2_000, (long) (1.25 * left) + 2_000);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }
}
