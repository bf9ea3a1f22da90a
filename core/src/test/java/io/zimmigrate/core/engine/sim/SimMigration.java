package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.port.Journal;
import io.zimmigrate.core.rules.RuleSet;
import java.util.SplittableRandom;

/** A migration over the simulated ZIM as the simulation tests set it up: default rules, ZIM's cap, seeded jitter. */
final class SimMigration {
    /** ZIM's documented cap, which the simulated ZIM enforces too. */
    static final int QPS = 20;

    private SimMigration() {}

    /**
     * A builder with source, gateway, journal and loop set, the default rules, {@link #QPS}, a reconciliation delay
     * of 500 ms (longer than any simulated answer) and jitter seeded with {@code jitterSeed}; callers add the rest.
     */
    static Migration.Builder builder(io.zimmigrate.core.port.MessageSource source, SimulatedZim zim, Journal journal, SimLoop loop, long jitterSeed) {
        return Migration.builder().source(source).gateway(zim.gateway()).journal(journal).loop(loop)
                .rules(RuleSet.defaults()).qps(QPS).reconcileDelayMillis(500).jitter(new SplittableRandom(jitterSeed));
    }
}
