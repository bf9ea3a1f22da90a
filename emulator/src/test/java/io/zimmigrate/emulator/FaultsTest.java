package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.groupText;
import static io.zimmigrate.emulator.Fixture.peerText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private final Fixture fixture = new Fixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private ZimEmulator start(Faults faults) {
        return fixture.start(b -> b.qps(0).faults(faults));
    }

    @Test
    void busyAnswersCodeOneAndStoresNothing() throws Exception {
        ZimEmulator emulator = start(new Faults(1, 0, 0, 0, Duration.ZERO));

        var reply = fixture.client(emulator).post("ImportGroupMsg", groupText("u1", "g1", "hi"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.code()).isEqualTo(1);
        assertThat(emulator.timelineKeys()).isEmpty();
        assertThat(emulator.arrivalTimesMillis("ImportGroupMsg")).hasSize(1);
    }

    @Test
    void http500HasAnEmptyBodyAndStoresNothing() throws Exception {
        ZimEmulator emulator = start(new Faults(0, 1, 0, 0, Duration.ZERO));

        var reply = fixture.client(emulator).post("ImportPeerMsg", peerText("a", "b", "a", "hi"));

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.raw()).isEmpty();
        assertThat(emulator.timelineKeys()).isEmpty();
    }

    @Test
    void aLostAnswerLeavesTheClientWithAnIoErrorButTheMessageIsStored() throws Exception {
        ZimEmulator emulator = start(new Faults(0, 0, 1, 0, Duration.ZERO));
        ZimTestClient client = fixture.client(emulator);

        assertThatThrownBy(() -> client.post("ImportGroupMsg", groupText("u1", "g1", "landed")))
                .isInstanceOf(IOException.class);
        assertThat(emulator.timeline("g:g1")).extracting(StoredMessage::message).containsExactly("landed");

        emulator.setFaults(Faults.none());
        var next = client.post("ImportGroupMsg", groupText("u1", "g1", "after"));
        assertThat(next.json().path("MsgSeq").asLong()).as("the lost one took MsgSeq 1").isEqualTo(2);
    }

    @Test
    void lostAnswersOfAppliedImportsAreCountedPerMessageType() throws Exception {
        ZimEmulator emulator = start(new Faults(0, 0, 1, 0, Duration.ZERO));
        ZimTestClient client = fixture.client(emulator);
        var image = groupText("u1", "g1", "{\"Uid\":\"i1\",\"FileName\":\"a.jpg\","
                + "\"Origin\":{\"Url\":\"https://cdn.example/a.jpg\",\"Width\":8,\"Height\":6}}");
        image.put("MessageType", 11);
        var refused = groupText("u1", "g1", ""); // an empty Message is refused: not applied, so not counted

        assertThatThrownBy(() -> client.post("ImportGroupMsg", image)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.post("ImportPeerMsg", peerText("a", "b", "a", "hi"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.post("ImportGroupMsg", refused)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.post("QueryGroupMsg", ZimTestClient.obj("GroupId", "g1")))
                .isInstanceOf(IOException.class);

        assertThat(emulator.lostImportAnswers()).isEqualTo(java.util.Map.of(11, 1L, 1, 1L));
    }

    @Test
    void aLateRequestIsUnansweredAndAppliedOnlyAfterItsDelay() throws Exception {
        ZimEmulator emulator = start(new Faults(0, 0, 0, 0, Duration.ZERO, 1, Duration.ofMillis(2_000)));
        ZimTestClient client = fixture.client(emulator);

        assertThatThrownBy(() -> client.post("ImportGroupMsg", groupText("u1", "g1", "late")))
                .isInstanceOf(IOException.class);
        assertThat(emulator.timeline("g:g1")).as("not applied yet, though the caller has given up").isEmpty();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (emulator.timeline("g:g1").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(emulator.timeline("g:g1")).extracting(StoredMessage::message).containsExactly("late");
    }

    @Test
    void lateRequestsCountTowardsTheFaultShares() {
        assertThatThrownBy(() -> new Faults(0.5, 0, 0.3, 0, Duration.ZERO, 0.3, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lateRate");
        assertThat(new Faults(0, 0, 0, 0, Duration.ZERO, 0.1, Duration.ofSeconds(1)).isNone()).isFalse();
    }

    @Test
    void aSlowAnswerArrivesAfterTheSlowDelay() throws Exception {
        ZimEmulator emulator = start(new Faults(0, 0, 0, 1, Duration.ofMillis(300)));

        long t0 = System.nanoTime();
        var reply = fixture.client(emulator).post("ImportGroupMsg", groupText("u1", "g1", "slow"));
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(reply.code()).isZero();
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void answerDelayHoldsEveryAnswerWithoutBlockingOthers() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(0).answerDelay(Duration.ofMillis(400)));
        ZimTestClient client = fixture.client(emulator);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            long t0 = System.nanoTime();
            List<Future<Long>> codes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String text = "m" + i;
                codes.add(pool.submit(() -> client.post("ImportGroupMsg", groupText("u1", "g" + text, text)).code()));
            }
            for (Future<Long> f : codes) {
                assertThat(f.get()).isZero();
            }
            long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;

            assertThat(elapsedMillis).as("each waited 400 ms").isGreaterThanOrEqualTo(400)
                    .as("but in parallel, not one after another").isLessThan(6 * 400);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void faultsApplyOnlyAfterTheSignatureAndTheCap() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(1).faults(new Faults(1, 0, 0, 0, Duration.ZERO)));
        ZimTestClient wrong = new ZimTestClient(emulator.baseUri(), Fixture.APP_ID, "wrong", fixture.clock);
        ZimTestClient right = fixture.client(emulator);

        assertThat(wrong.post("ImportGroupMsg", groupText("u1", "g1", "x")).code()).isEqualTo(100_000_005L);
        assertThat(right.post("ImportGroupMsg", groupText("u1", "g1", "x")).code()).isEqualTo(1);
        assertThat(right.post("ImportGroupMsg", groupText("u1", "g1", "x")).code()).isEqualTo(660_300_005L);
    }

    /** What each of a run of requests got: its Code, "500", or "lost". */
    private List<String> outcomes(ZimEmulator emulator, int requests) throws Exception {
        ZimTestClient client = fixture.client(emulator);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            try {
                var reply = client.post("ImportGroupMsg", groupText("u1", "g1", "m" + i));
                out.add(reply.status() == 500 ? "500" : Long.toString(reply.code()));
            } catch (IOException e) {
                out.add("lost");
            }
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameFaults() throws Exception {
        Faults mixed = new Faults(0.25, 0.25, 0.25, 0, Duration.ZERO);
        ZimEmulator first = fixture.start(b -> b.qps(0).seed(42).faults(mixed));
        ZimEmulator second = fixture.start(b -> b.qps(0).seed(42).faults(mixed));
        ZimEmulator other = fixture.start(b -> b.qps(0).seed(43).faults(mixed));

        List<String> a = outcomes(first, 40);
        List<String> b = outcomes(second, 40);
        List<String> c = outcomes(other, 40);

        assertThat(a).isEqualTo(b).contains("0", "1", "500", "lost");
        assertThat(c).isNotEqualTo(a);
        assertThat(first.timeline("g:g1")).hasSize((int) a.stream().filter(o -> o.equals("0") || o.equals("lost")).count());
    }

    @Test
    void faultsCanBeChangedWhileServing() throws Exception {
        ZimEmulator emulator = start(Faults.none());
        ZimTestClient client = fixture.client(emulator);

        assertThat(client.post("ImportGroupMsg", groupText("u1", "g1", "a")).code()).isZero();
        emulator.setFaults(new Faults(1, 0, 0, 0, Duration.ZERO));
        assertThat(client.post("ImportGroupMsg", groupText("u1", "g1", "b")).code()).isEqualTo(1);
        assertThat(emulator.faults().busyRate()).isEqualTo(1);
    }
}
