package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Provisioning says how far it is, about once a second, as importing does. A fresh run of 20,000 groups of 500
 * writers (through the jar, against the emulator) provisioned for more than half an hour with nothing on stderr
 * after "planned:", and its status file said "provisioned": 0 with an updatedAt of the minute it planned: at ZIM's
 * pace of 20 invitations a second such a run provisions for more than an hour, and looks hung all along.
 */
class ProvisioningProgressSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final int GROUPS = 40;
    private static final int WRITERS = 250; // 100 at creation, 149 invited in 2 calls a second apart

    private static List<RawMessage> history() {
        List<RawMessage> history = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            for (int i = 0; i < WRITERS; i++) {
                history.add(RawMessage.builder().id("g" + g + "-m" + i).fromUserId("g" + g + "-u" + i).groupId("g" + g)
                        .messageType(1).bodyMessage("hello " + i).sendMessageTime(NOW - 86_400_000L + g * 1000 + i)
                        .build());
            }
        }
        return history;
    }

    /**
     * The summary's "time:" is the whole run's, provisioning included: the same 20,000-group run, stopped after 14
     * minutes of provisioning, said "time: 7.7 s" (the import phase's, which had only just begun).
     */
    @Test
    void theReportsTimeIncludesProvisioning() throws Exception {
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 5, SimMigration.QPS, SimulatedZim.Faults.none());
        long start = world.now();
        MigrationReport report = SimMigration.builder(new ListSource(history()), zim, new InMemoryJournal(),
                new SimLoop(world, Long.MAX_VALUE), 5).provision(true).build().run();
        long firstImport = zim.arrivals("ImportGroupMsg").stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(firstImport - start).as("provisioning took seconds").isGreaterThan(3_000);
        assertThat(report.elapsedMillis()).as("the run's time").isGreaterThanOrEqualTo(world.now() - start - 1);
    }

    @Test
    void provisioningReportsUsersAndGroupsDoneAboutOnceASecondUntilEveryOneIsDone() throws Exception {
        List<RawMessage> history = history();
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 5, SimMigration.QPS, SimulatedZim.Faults.none());
        List<MigrationEvent.Provisioning> reports = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        long[] firstImportProgress = {-1};
        SimMigration.builder(new ListSource(history), zim, new InMemoryJournal(), new SimLoop(world, Long.MAX_VALUE), 5)
                .provision(true).listener(e -> {
                    if (e instanceof MigrationEvent.Provisioning p) {
                        reports.add(p);
                        at.add(world.now());
                    } else if (e instanceof MigrationEvent.Progress && firstImportProgress[0] < 0) {
                        firstImportProgress[0] = world.now();
                    }
                }).build().run();

        long users = (long) GROUPS * WRITERS;
        long lastInvite = zim.arrivals("InviteUsersIntoGroup").stream().mapToLong(Long::longValue).max().orElseThrow();
        long firstRegister = zim.arrivals("UserRegister").stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(lastInvite - firstRegister).as("provisioning takes seconds here").isGreaterThan(3_000);
        assertThat(reports).as("reports while provisioning").hasSizeGreaterThanOrEqualTo(
                (int) ((lastInvite - firstRegister) / 1000));
        for (int k = 1; k < reports.size(); k++) {
            MigrationEvent.Provisioning before = reports.get(k - 1);
            MigrationEvent.Provisioning now = reports.get(k);
            assertThat(at.get(k) - at.get(k - 1)).as("report %d", k).isLessThanOrEqualTo(1_500);
            assertThat(now.usersDone()).isGreaterThanOrEqualTo(before.usersDone());
            assertThat(now.groupsDone()).isGreaterThanOrEqualTo(before.groupsDone());
        }
        MigrationEvent.Provisioning first = reports.get(0);
        MigrationEvent.Provisioning last = reports.get(reports.size() - 1);
        assertThat(first.users()).isEqualTo(users);
        assertThat(first.groups()).isEqualTo(GROUPS);
        assertThat(first.groupsDone()).as("the first report comes before the groups are done").isLessThan(GROUPS);
        assertThat(last.usersDone()).isEqualTo(users);
        assertThat(last.groupsDone()).as("the last report says every group is done").isEqualTo(GROUPS);
        assertThat(at.get(at.size() - 1)).as("and comes before importing starts")
                .isLessThanOrEqualTo(firstImportProgress[0]);
    }
}
