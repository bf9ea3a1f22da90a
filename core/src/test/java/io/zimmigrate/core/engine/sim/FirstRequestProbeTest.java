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
 * A cold transport holds its first requests back and then releases them together, which the server counts as a
 * burst over the cap (measured by bench/p1-pacing.sh). So the first import of an action goes alone, and the rest
 * follow only once it has been answered.
 */
class FirstRequestProbeTest {
    private static final long NOW = 1_732_000_000_000L;

    @Test
    void theFirstImportGoesAloneAndTheRestFollowItsAnswerAtTheCap() throws Exception {
        List<RawMessage> history = SimHistories.roundRobin(200, 10, 3, NOW);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, 20, SimulatedZim.Faults.none());
        Watch watch = new Watch(zim);
        MigrationReport report = Migration.builder().source(new ListSource(history)).gateway(watch)
                .journal(new InMemoryJournal()).loop(new SimLoop(world, Long.MAX_VALUE)).qps(20)
                .jitter(new SplittableRandom(1)).build().run();

        assertThat(report.imported()).isEqualTo(200);
        assertThat(watch.sentBeforeFirstAnswer).isEqualTo(1);
        assertThat(zim.throttledAnswers()).isZero();
        assertThat(200_000.0 / report.importMillis()).as("calls per second over the run").isGreaterThanOrEqualTo(19.5);
    }

    /** Counts the imports handed to the transport before the first one was answered. */
    private static final class Watch extends ForwardingGateway {
        private boolean answered;
        int sentBeforeFirstAnswer;

        Watch(SimulatedZim zim) {
            super(zim.gateway());
        }

        @Override
        public CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline) {
            if (!answered) {
                sentBeforeFirstAnswer++;
            }
            return super.importMessage(message, timeline).whenComplete((o, e) -> answered = true);
        }
    }
}
