package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.groupText;
import static io.zimmigrate.emulator.Fixture.register;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestCapTest {
    private final Fixture fixture = new Fixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void beyondTheCapInOneSecondTheAnswerIs660300005AndNothingHappens() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(5));
        ZimTestClient client = fixture.client(emulator);

        List<Long> codes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            codes.add(client.post("ImportGroupMsg", groupText("u1", "g1", "m" + i)).code());
        }

        assertThat(codes).containsExactly(0L, 0L, 0L, 0L, 0L, 660_300_005L, 660_300_005L);
        assertThat(emulator.timeline("g:g1")).extracting(StoredMessage::message)
                .containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(emulator.throttledAnswers("ImportGroupMsg")).isEqualTo(2);
        assertThat(emulator.requestsReceived("ImportGroupMsg")).isEqualTo(7);
        assertThat(emulator.arrivalTimesMillis("ImportGroupMsg")).hasSize(5).containsOnly(fixture.now());
    }

    @Test
    void theCapCountsEachActionSeparately() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(2));
        ZimTestClient client = fixture.client(emulator);

        client.post("ImportGroupMsg", groupText("u1", "g1", "a"));
        client.post("ImportGroupMsg", groupText("u1", "g1", "b"));

        assertThat(client.post("ImportGroupMsg", groupText("u1", "g1", "c")).code()).isEqualTo(660_300_005L);
        assertThat(client.post("UserRegister", register("x")).code()).isZero();
        assertThat(emulator.throttledAnswers("UserRegister")).isZero();
    }

    @Test
    void theCapResetsAtEachWallClockSecondNotAfterASlidingSecond() throws Exception {
        fixture.clock.set(Instant.parse("2026-03-01T12:00:00.998Z"));
        ZimEmulator emulator = fixture.start(b -> b.qps(3));
        ZimTestClient client = fixture.client(emulator);

        for (int i = 0; i < 3; i++) {
            assertThat(client.post("ImportGroupMsg", groupText("u1", "g1", "early" + i)).code()).isZero();
        }
        assertThat(client.post("ImportGroupMsg", groupText("u1", "g1", "refused")).code()).isEqualTo(660_300_005L);
        fixture.clock.advance(Duration.ofMillis(2)); // 12:00:01.000, a new second
        for (int i = 0; i < 3; i++) {
            assertThat(client.post("ImportGroupMsg", groupText("u1", "g1", "late" + i)).code()).isZero();
        }
        assertThat(client.post("ImportGroupMsg", groupText("u1", "g1", "refused")).code()).isEqualTo(660_300_005L);

        assertThat(emulator.timeline("g:g1")).hasSize(6).extracting(StoredMessage::message).doesNotContain("refused");
        assertThat(emulator.arrivalTimesMillis("ImportGroupMsg")).hasSize(6);
        assertThat(emulator.throttledAnswers("ImportGroupMsg")).isEqualTo(2);
    }

    @Test
    void qpsZeroMeansUncapped() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(0));
        ZimTestClient client = fixture.client(emulator);

        for (int i = 0; i < 60; i++) {
            assertThat(client.post("ImportGroupMsg", groupText("u1", "g1", "m" + i)).code()).isZero();
        }

        assertThat(emulator.timeline("g:g1")).hasSize(60);
        assertThat(emulator.throttledAnswers("ImportGroupMsg")).isZero();
    }

    @Test
    void theDefaultCapIsZimsTwentyPerSecond() throws Exception {
        ZimEmulator emulator = fixture.start();
        ZimTestClient client = fixture.client(emulator);

        long accepted = 0;
        for (int i = 0; i < 25; i++) {
            if (client.post("ImportGroupMsg", groupText("u1", "g1", "m" + i)).code() == 0) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(20);
        assertThat(emulator.throttledAnswers("ImportGroupMsg")).isEqualTo(5);
    }

    @Test
    void refusedSignaturesDoNotUseUpTheCap() throws Exception {
        ZimEmulator emulator = fixture.start(b -> b.qps(1));
        ZimTestClient wrong = new ZimTestClient(emulator.baseUri(), Fixture.APP_ID, "wrong", fixture.clock);

        assertThat(wrong.post("ImportGroupMsg", groupText("u1", "g1", "x")).code()).isEqualTo(100_000_005L);
        assertThat(fixture.client(emulator).post("ImportGroupMsg", groupText("u1", "g1", "y")).code()).isZero();
    }
}
