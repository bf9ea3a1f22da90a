package io.zimmigrate.emulator;

import static io.zimmigrate.emulator.Fixture.groupText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.zimmigrate.core.signing.ServerSecret;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void onTheCallersVertxTheEmulatorNeverClosesIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Fixture fixture = new Fixture()) {
            ZimEmulator emulator = ZimEmulator.start(fixture.config().build(), vertx);
            assertThat(fixture.client(emulator).post("ImportGroupMsg", groupText("u", "g", "x")).code()).isZero();
            emulator.close();
            emulator.close(); // closing twice is harmless

            // The caller's Vert.x still runs: a timer still fires.
            var fired = new java.util.concurrent.CompletableFuture<Boolean>();
            vertx.setTimer(1, id -> fired.complete(true));
            assertThat(fired.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void portZeroPicksAFreePortOnLoopbackAndCloseStopsListening() throws Exception {
        try (Fixture fixture = new Fixture()) {
            ZimEmulator emulator = fixture.start();
            assertThat(emulator.port()).isPositive();
            assertThat(emulator.baseUri().toString()).isEqualTo("http://127.0.0.1:" + emulator.port());
            ZimTestClient client = fixture.client(emulator);

            emulator.close();

            assertThatThrownBy(() -> client.post("ImportGroupMsg", groupText("u", "g", "x")))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e).isInstanceOfAny(ConnectException.class, IOException.class));
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        try (Fixture fixture = new Fixture()) {
            ZimEmulator first = fixture.start();

            assertThatThrownBy(() -> fixture.start(b -> b.port(first.port())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("listen on 127.0.0.1:" + first.port());
        }
    }

    @Test
    void theConfigNamesTheSettingThatIsWrong() {
        var base = EmulatorConfig.builder().appId(1).secret(ServerSecret.of("s"));

        assertThatThrownBy(() -> EmulatorConfig.builder().secret(ServerSecret.of("s")).build())
                .hasMessageContaining("appId");
        assertThatThrownBy(() -> EmulatorConfig.builder().appId(1).build()).hasMessageContaining("secret");
        assertThatThrownBy(() -> base.qps(-1).build()).hasMessageContaining("qps");
        assertThatThrownBy(() -> base.qps(20).retentionDays(0).build()).hasMessageContaining("retention");
        assertThatThrownBy(() -> base.retentionDays(30).maxMessageBytes(40_000).build())
                .hasMessageContaining("maxMessageBytes");
        assertThatThrownBy(() -> new Faults(0.6, 0.6, 0, 0, Duration.ZERO)).hasMessageContaining("must not exceed 1");
        assertThatThrownBy(() -> new Faults(-0.1, 0, 0, 0, Duration.ZERO)).hasMessageContaining("busyRate");
        assertThat(base.maxMessageBytes(2048).build().qps()).isEqualTo(20);
        assertThat(base.build().retentionDays()).isEqualTo(30);
    }
}
