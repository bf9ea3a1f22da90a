package io.zimmigrate.core.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.engine.SendGate;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The pre-send hold (media stored before its message goes), through the real protocol gateway on the simulated
 * clock: a held timeline sends nothing until its gate opens and takes no slot meanwhile, so the other timelines
 * keep the cap; a refused message is rejected with the gate's rule and never sent; order holds everywhere.
 */
class SendGateSimulationTest {
    private static final long NOW = 1_732_000_000_000L;
    private static final long RELEASE_AT = NOW + 5_000;

    @Test
    void aHeldTimelineWaitsAloneTheOthersKeepTheCapAndARefusedMessageIsNeverSent() throws Exception {
        List<RawMessage> history = SimHistories.roundRobin(200, 10, 3, NOW);
        SimWorld world = new SimWorld(NOW);
        SimulatedZim zim = new SimulatedZim(world, 5, 20, SimulatedZim.Faults.none());
        CompletableFuture<Void> mediaOfG0 = new CompletableFuture<>();
        world.schedule(RELEASE_AT, () -> mediaOfG0.complete(null));
        SendGate gate = m -> {
            if (m.id().equals("m13")) {
                return CompletableFuture.completedFuture(new SendGate.Verdict.Refuse("media.unavailable",
                        List.of(new Violation("MessageBody.Message.Url", "media.unavailable", "HTTP 404"))));
            }
            if (m.id().endsWith("0")) { // group g0
                return mediaOfG0.thenApply(v -> new SendGate.Verdict.Send(m));
            }
            return CompletableFuture.completedFuture(new SendGate.Verdict.Send(m));
        };
        Map<String, Long> sentAt = new HashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        MigrationReport report = Migration.builder().source(new ListSource(history))
                .gateway(new Watch(zim.gateway(), world, sentAt)).journal(new InMemoryJournal())
                .loop(new SimLoop(world, Long.MAX_VALUE)).qps(20).jitter(new SplittableRandom(1)).sendGate(gate)
                // the fresh-journal check's read-backs would spend part of the held window before any import
                .freshJournal(io.zimmigrate.core.engine.FreshJournal.IMPORT_REGARDLESS)
                .listener(new MigrationListener() {
                    @Override
                    public void onEvent(io.zimmigrate.core.engine.MigrationEvent event) {}

                    @Override
                    public void onRejection(Rejection r) {
                        rejections.add(r);
                    }
                }).build().run();

        assertThat(report.imported()).isEqualTo(199);
        assertThat(report.importsRejected()).isEqualTo(1);
        assertThat(rejections).singleElement().satisfies(r -> assertThat(r.toString()).contains("media.unavailable"));
        assertThat(sentAt).doesNotContainKey("m13");
        sentAt.forEach((id, at) -> {
            if (id.endsWith("0")) {
                assertThat(at).as(id + " sent before its media was stored").isGreaterThanOrEqualTo(RELEASE_AT);
            }
        });
        long othersBeforeRelease = sentAt.entrySet().stream()
                .filter(e -> !e.getKey().endsWith("0") && e.getValue() < RELEASE_AT).count();
        // 5 s at 20/s: the held timeline took none of the slots
        assertThat(othersBeforeRelease).as("others sent while g0 was held").isGreaterThanOrEqualTo(95);
        for (String key : zim.timelineKeys()) {
            List<String> bodies = zim.timeline(key).stream().map(SimulatedZim.Stored::body).toList();
            assertThat(bodies).as(key).isSortedAccordingTo((a, b) -> Integer.compare(number(a), number(b)));
        }
        assertThat(zim.timeline(new Timeline.GroupTimeline(new io.zimmigrate.core.model.GroupId("g0")).key()))
                .hasSize(20);
    }

    private static int number(String body) {
        return Integer.parseInt(body.replaceAll("\\D", ""));
    }

    /** Notes when (simulated time) each message's import left. */
    private static final class Watch extends ForwardingGateway {
        private final SimWorld world;
        private final Map<String, Long> sentAt;

        Watch(ZimGateway zim, SimWorld world, Map<String, Long> sentAt) {
            super(zim);
            this.world = world;
            this.sentAt = sentAt;
        }

        @Override
        public CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline) {
            sentAt.putIfAbsent(message.id(), world.now());
            return super.importMessage(message, timeline);
        }
    }
}
