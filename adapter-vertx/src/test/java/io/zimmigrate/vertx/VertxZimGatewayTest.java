package io.zimmigrate.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.zimmigrate.core.gateway.StubZimServer;
import io.zimmigrate.core.gateway.StubZimServer.Reply;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.WireBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What only the Vert.x gateway has: the caller's Vert.x, the pool and its wait queue. */
class VertxZimGatewayTest {
    static final ServerSecret SECRET = ServerSecret.of("secret");

    static ImportGroupMsgRequest message(String text) {
        return new ImportGroupMsgRequest("u1", "g1", 1, 1, new WireBody(text, null), null, null, 1L);
    }

    @Test
    void theCallersVertxStaysOpen() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StubZimServer server = StubZimServer.start()) {
            VertxZimGateway gateway = VertxZimGateway.builder().vertx(vertx).endpoint(server.endpoint())
                    .appId(1).secret(SECRET).build();
            assertThat(gateway.importGroupMessage(message("a")).toCompletableFuture().join())
                    .isInstanceOf(Outcome.Done.class);
            gateway.close();
            // Still usable: a timer fires.
            java.util.concurrent.CompletableFuture<Boolean> fired = new java.util.concurrent.CompletableFuture<>();
            vertx.setTimer(1, id -> fired.complete(true));
            assertThat(fired.get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void requestsBeyondThePoolAndItsQueueAreNotSent() throws InterruptedException {
        try (StubZimServer server = StubZimServer.start()
                .replying(r -> Reply.slow("{\"Code\":0,\"MsgSeq\":1}", 500));
             VertxZimGateway gateway = VertxZimGateway.builder().endpoint(server.endpoint()).appId(1).secret(SECRET)
                     .poolSize(2).maxWaitQueueSize(1).build()) {
            List<CompletionStage<Outcome<ImportReceipt>>> stages = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                stages.add(gateway.importGroupMessage(message("m" + i)));
            }
            List<Outcome<ImportReceipt>> outcomes = stages.stream().map(s -> s.toCompletableFuture().join()).toList();
            long done = outcomes.stream().filter(o -> o instanceof Outcome.Done).count();
            List<Outcome<ImportReceipt>> refused = outcomes.stream().filter(o -> o instanceof Outcome.RetryLater).toList();
            assertThat(done + refused.size()).isEqualTo(6);
            assertThat(refused).isNotEmpty().allSatisfy(o ->
                    assertThat(((Outcome.RetryLater<?>) o).reason()).startsWith("not sent"));
            Thread.sleep(300);
            assertThat(server.received()).hasSize((int) done);
        }
    }

    @Test
    void buildNeedsCredentialsAndSaneSizes() {
        assertThatThrownBy(() -> VertxZimGateway.builder().secret(SECRET).build()).hasMessageContaining("AppId");
        assertThatThrownBy(() -> VertxZimGateway.builder().appId(1).build()).hasMessageContaining("ServerSecret");
        assertThatThrownBy(() -> VertxZimGateway.builder().poolSize(0)).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> VertxZimGateway.builder().readTimeout(Duration.ZERO)).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> VertxZimGateway.builder().endpoint("http://example.com"))
                .hasMessageContaining("plain http://");
    }

    @Test
    void describesItselfWithoutTheSecret() {
        try (ZimGateway g = VertxZimGateway.builder().appId(7).secret(ServerSecret.of("topsecretvalue")).build()) {
            assertThat(g.toString()).contains("appId=7").doesNotContain("topsecretvalue");
        }
    }
}
