package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.MigrationEvent;
import org.junit.jupiter.api.Test;

/** Provisioning's progress line: counts of both, and the current phase's rate and time left. */
class ProvisioningLineTest {
    @Test
    void theUsersPhaseThenTheGroupsPhaseEachWithItsOwnRateAndEta() {
        ProvisioningLine l = new ProvisioningLine();
        assertThat(l.line(new MigrationEvent.Provisioning(0, 1_000_000, 0, 20_000), 0))
                .isEqualTo("provisioning: 0/1,000,000 users registered, 0/20,000 groups created with their members");
        assertThat(l.line(new MigrationEvent.Provisioning(20_000, 1_000_000, 0, 20_000), 10_000))
                .isEqualTo("provisioning: 20,000/1,000,000 users registered, 0/20,000 groups created with their members,"
                        + " 2000.0 users/s, ETA 8m 10s for the users (then the groups)");
        // The groups phase starts its own clock: the users' time is not its rate.
        assertThat(l.line(new MigrationEvent.Provisioning(1_000_000, 1_000_000, 0, 20_000), 500_000))
                .endsWith("0/20,000 groups created with their members");
        assertThat(l.line(new MigrationEvent.Provisioning(1_000_000, 1_000_000, 100, 20_000), 510_000))
                .isEqualTo("provisioning: 1,000,000/1,000,000 users registered, 100/20,000 groups created with their"
                        + " members, 10.0 groups/s, ETA 33m 10s");
        assertThat(l.line(new MigrationEvent.Provisioning(1_000_000, 1_000_000, 20_000, 20_000), 2_500_000))
                .as("done: no rate").endsWith("20,000/20,000 groups created with their members");
    }
}
