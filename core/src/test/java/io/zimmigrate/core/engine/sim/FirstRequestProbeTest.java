package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import java.util.ArrayList;
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
        List<RawMessage> history = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            history.add(RawMessage.builder().id("m" + i).groupId("g" + (i % 10)).fromUserId("u" + (i % 3))
                    .messageType(1).bodyMessage("b" + i).sendMessageTime(NOW - 86_400_000L + i).build());
        }
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 3, 20, SimulatedZim.Faults.none());
        Watch watch = new Watch(zim);
        MigrationReport report = Migration.builder().source(new ListSource(history)).gateway(watch)
                .journal(new InMemoryJournal()).loop(new SimLoop(world, Long.MAX_VALUE)).qps(20)
                .jitter(new SplittableRandom(1)).build().run();

        assertThat(report.imported()).isEqualTo(200);
        assertThat(watch.sentBeforeFirstAnswer).isEqualTo(1);
        assertThat(zim.throttledAnswers()).isZero();
        assertThat(200_000.0 / report.elapsedMillis()).as("calls per second over the run").isGreaterThanOrEqualTo(19.5);
    }

    /** Counts the imports handed to the transport before the first one was answered. */
    private static final class Watch implements ZimGateway {
        private final ZimGateway zim;
        private boolean answered;
        int sentBeforeFirstAnswer;

        Watch(SimulatedZim zim) {
            this.zim = zim.gateway();
        }

        private CompletionStage<Outcome<ImportReceipt>> watch(CompletionStage<Outcome<ImportReceipt>> stage) {
            if (!answered) {
                sentBeforeFirstAnswer++;
            }
            return stage.whenComplete((o, e) -> answered = true);
        }

        @Override
        public CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline) {
            return watch(zim.importMessage(message, timeline));
        }

        @Override
        public CompletionStage<Outcome<Registration>> registerUsers(List<UserId> users) {
            return zim.registerUsers(users);
        }

        @Override
        public CompletionStage<Outcome<GroupCreation>> createGroup(NewGroup group) {
            return zim.createGroup(group);
        }

        @Override
        public CompletionStage<Outcome<MessagePage>> readBack(Timeline timeline, int limit, long next) {
            return zim.readBack(timeline, limit, next);
        }
    }
}
