package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.port.Outcome;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The first request leaves after one batch of the plan has been read into lanes, not after the whole read-ahead
 * (100,000 tasks by default): on a fresh JVM, decoding the read-ahead of a resume before its first send cost ~0.2 s
 * of P6's 2 s (docs/performance.md, "Session 7"). The rest is read while the first answers are awaited, and the run
 * still imports everything, each timeline in order.
 */
class FirstSendReadAheadTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void theFirstImportLeavesAfterOneBatchOfThePlanNotTheWholeReadAhead() throws Exception {
        List<RawMessage> history = SimHistories.roundRobin(1_200, 12, 3, NOW);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, 20, SimulatedZim.Faults.none());
        CountingScratch scratch = new CountingScratch();
        Watch watch = new Watch(zim, scratch);
        MigrationReport report = Migration.builder().source(new ListSource(history)).gateway(watch)
                .journal(new InMemoryJournal()).scratch(scratch).loop(new SimLoop(world, Long.MAX_VALUE)).qps(20)
                .jitter(new SplittableRandom(1)).build().run();

        assertThat(report.imported()).isEqualTo(1_200);
        assertThat(watch.readBeforeFirstImport)
                .as("plan records read into lanes before the first import (read-ahead 100,000, plan 1,200)")
                .isPositive().isLessThanOrEqualTo(600);
        assertThat(zim.mostOutstandingOnATimeline()).isEqualTo(1);
        for (String key : zim.timelineKeys()) {
            List<String> bodies = zim.timeline(key).stream().map(SimulatedZim.Stored::body).toList();
            assertThat(bodies).as("timeline %s in the order of the history", key).hasSize(100)
                    .isSortedAccordingTo(java.util.Comparator.comparingInt(FirstSendReadAheadTest::index));
        }
    }

    private static int index(String body) {
        return Integer.parseInt(body.replaceAll("\\D", ""));
    }

    /** Notes how much of the plan had been read when the first import was handed to the gateway. */
    private static final class Watch extends ForwardingGateway {
        private final CountingScratch scratch;
        long readBeforeFirstImport = -1;

        Watch(SimulatedZim zim, CountingScratch scratch) {
            super(zim.gateway());
            this.scratch = scratch;
        }

        @Override
        public CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline) {
            if (readBeforeFirstImport < 0) {
                readBeforeFirstImport = scratch.readByOpenReaders();
            }
            return super.importMessage(message, timeline);
        }
    }
}
