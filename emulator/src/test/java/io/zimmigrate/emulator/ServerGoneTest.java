package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.groupText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The two server faults the emulator stages besides its per-request dice: the server going away and coming back
 * (stop and restart on the same port, its store kept), and a clock difference beyond ZIM's tolerance.
 */
class ServerGoneTest {

    @Test
    void stoppedRefusesConnectionsAndRestartedServesTheSameStoreOnTheSamePort() throws Exception {
        try (Fixture fixture = new Fixture()) {
            ZimEmulator zim = fixture.start();
            ZimTestClient client = fixture.client(zim);
            int port = zim.port();
            assertThat(client.post("ImportGroupMsg", groupText("u", "g", "before")).code()).isZero();

            zim.stopListening();
            assertThat(zim.isListening()).isFalse();
            assertThat(zim.port()).isEqualTo(port);
            assertThatThrownBy(() -> client.post("ImportGroupMsg", groupText("u", "g", "while gone")))
                    .isInstanceOf(ConnectException.class);
            zim.stopListening(); // stopping twice is harmless

            zim.startListening();
            zim.startListening(); // so is starting twice
            assertThat(zim.isListening()).isTrue();
            assertThat(zim.port()).isEqualTo(port);
            assertThat(client.post("ImportGroupMsg", groupText("u", "g", "after")).code()).isZero();

            assertThat(zim.timeline("g:g")).extracting(StoredMessage::message).containsExactly("before", "after");
            assertThat(zim.timeline("g:g")).extracting(StoredMessage::msgSeq).containsExactly(1L, 2L);
            assertThat(zim.requestsReceived("ImportGroupMsg")).isEqualTo(2);
        }
    }

    @Test
    void anAnswerStillWaitingWhenTheServerStopsIsNeverSentButTheWorkIsKept() throws Exception {
        try (Fixture fixture = new Fixture()) {
            ZimEmulator zim = fixture.start(b -> b.answerDelay(Duration.ofSeconds(5)));
            ZimTestClient client = fixture.client(zim);
            CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.post("ImportGroupMsg", groupText("u", "g", "in flight"));
                } catch (IOException e) {
                    return e;
                }
            });
            long deadline = System.currentTimeMillis() + 5_000;
            while (zim.timeline("g:g").isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }

            zim.stopListening();

            // The caller learns nothing (the connection is dropped): exactly a request whose fate is unknown.
            assertThat(waiting.get(4, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(zim.timeline("g:g")).extracting(StoredMessage::message).containsExactly("in flight");
        }
    }

    @Test
    void aTimestampBeyondTheToleranceIsAnExpiredSignatureWithTheConfiguredCode() throws Exception {
        try (Fixture fixture = new Fixture()) {
            ZimEmulator strict = fixture.start(b -> b.maxClockSkew(Duration.ofSeconds(30)));
            ZimEmulator otherReading = fixture.start(b -> b.expiredSignatureCode(EmulatorConfig.SIGNATURE_INVALID));
            ZimEmulator documented = fixture.start();
            ManualClock callerClock = new ManualClock(Fixture.START.plusSeconds(31));
            ZimTestClient skewed = new ZimTestClient(strict.baseUri(), Fixture.APP_ID, Fixture.SECRET, callerClock);

            assertThat(skewed.post("ImportGroupMsg", groupText("u", "g", "x")).code()).isEqualTo(100_000_004L);
            callerClock.set(Fixture.START.plusSeconds(30));
            assertThat(skewed.post("ImportGroupMsg", groupText("u", "g", "x")).code()).isZero();

            callerClock.set(Fixture.START.minus(Duration.ofMinutes(11)));
            ZimTestClient late = new ZimTestClient(otherReading.baseUri(), Fixture.APP_ID, Fixture.SECRET, callerClock);
            assertThat(late.post("ImportGroupMsg", groupText("u", "g", "x")).code()).isEqualTo(100_000_005L);
            ZimTestClient lateToo = new ZimTestClient(documented.baseUri(), Fixture.APP_ID, Fixture.SECRET, callerClock);
            var reply = lateToo.post("ImportGroupMsg", groupText("u", "g", "x"));
            assertThat(reply.code()).isEqualTo(100_000_004L);
            assertThat(reply.json().path("Message").asText()).contains("600 s");
            callerClock.set(Fixture.START.minus(Duration.ofMinutes(9)));
            assertThat(lateToo.post("ImportGroupMsg", groupText("u", "g", "x")).code()).isZero();
        }
    }

    @Test
    void theClockSettingsAreChecked() {
        var base = new Fixture().config();
        assertThatThrownBy(() -> base.maxClockSkew(Duration.ofSeconds(-1)).build()).hasMessageContaining("maxClockSkew");
        assertThatThrownBy(() -> base.maxClockSkew(Duration.ZERO).expiredSignatureCode(1).build())
                .hasMessageContaining("expiredSignatureCode");
        assertThat(new Fixture().config().build().maxClockSkew()).isEqualTo(Duration.ofMinutes(10));
    }
}
