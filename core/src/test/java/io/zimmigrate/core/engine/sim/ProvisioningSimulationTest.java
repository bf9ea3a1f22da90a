package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Provisioning streams the users out of the plan a few batches at a time (issue #13: a million users never sit in
 * memory as objects at once), and still registers every user exactly once, in batches of at most 100, at the cap,
 * before any import; a resumed run registers nobody again.
 */
class ProvisioningSimulationTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void everyUserIsRegisteredOnceAcrossManyWindowsOfBatchesAndNotAgainOnResume() throws Exception {
        int pairs = 1_150; // 2,300 users: 23 batches, more than Provisioner.BATCHES_AHEAD at once
        List<RawMessage> history = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < pairs; i++) {
            history.add(RawMessage.builder().id("m" + i).fromUserId("a" + i).toUserId("b" + i).messageType(1)
                    .bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + i).build());
            expected.add("a" + i);
            expected.add("b" + i);
        }
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 5, 20, SimulatedZim.Faults.none());
        InMemoryJournal journal = new InMemoryJournal();
        MigrationReport report = migration(history, zim, world, journal).run();

        assertThat(report.imported()).isEqualTo(2L * pairs);
        assertThat(zim.users()).isEqualTo(expected);
        assertThat(zim.requests("UserRegister")).as("batches of 100, each user once").isEqualTo(23);
        assertThat(zim.busiestSlidingSecond("UserRegister")).isLessThanOrEqualTo(20);
        assertThat(zim.throttledAnswers()).isZero();
        long lastRegister = zim.arrivals("UserRegister").stream().mapToLong(Long::longValue).max().orElseThrow();
        long firstImport = zim.arrivals("ImportPeerMsg").stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(firstImport).as("imports wait for provisioning").isGreaterThan(lastRegister);
        double seconds = (lastRegister - zim.arrivals("UserRegister").get(0)) / 1000.0;
        assertThat(22 / seconds).as("registrations per second: the window keeps the pacer busy").isGreaterThan(18.0);

        migration(history, zim, world, journal).run();
        assertThat(zim.requests("UserRegister")).as("a resumed run registers nobody again").isEqualTo(23);
    }

    private static Migration migration(List<RawMessage> history, SimulatedZim zim, SimWorld world,
                                       InMemoryJournal journal) {
        return Migration.builder().source(new ListSource(history)).gateway(zim.gateway()).journal(journal)
                .loop(new SimLoop(world, Long.MAX_VALUE)).qps(20).provision(true).jitter(new SplittableRandom(5))
                .build();
    }
}
