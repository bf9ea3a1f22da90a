package io.zimmigrate.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.gateway.StubZimServer;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.gateway.ZimTransport;
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

/** What only the Vert.x transport has: the caller's Vert.x, the pool and its wait queue, phase by exception. */
class VertxTransportTest {
    static final ServerSecret SECRET = ServerSecret.of("secret");

    static ImportGroupMsgRequest message(String text) {
        return new ImportGroupMsgRequest("u1", "g1", 1, 1, new WireBody(text, null), null, null, 1L);
    }

    @Test
    void theCallersVertxStaysOpen() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StubZimServer server = StubZimServer.start()) {
            ZimProtocolGateway gateway = ZimGatewayBuilder.over(VertxTransport.factory(vertx))
                    .endpoint(server.endpoint()).appId(1).secret(SECRET).build();
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
    void aRequestOnTheCallersClosedVertxEndsAndIsNeverSent() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StubZimServer server = StubZimServer.start()) {
            ZimProtocolGateway gateway = ZimGatewayBuilder.over(VertxTransport.factory(vertx))
                    .endpoint(server.endpoint()).appId(1).secret(SECRET).build();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            // Requests are built on the transport's context: one that can no longer run must still end, at once.
            Outcome<ImportReceipt> outcome = gateway.importGroupMessage(message("late")).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(outcome).isNotInstanceOf(Outcome.Done.class);
            assertThat(server.received()).isEmpty();
            gateway.close();
        }
    }

    @Test
    void requestsBeyondThePoolAndItsQueueAreNotSent() throws InterruptedException {
        try (StubZimServer server = StubZimServer.start()
                .replying(r -> Reply.slow("{\"Code\":0,\"MsgSeq\":1}", 500));
             ZimProtocolGateway gateway = ZimGatewayBuilder.over(VertxTransport.factory())
                     .endpoint(server.endpoint()).appId(1).secret(SECRET).maxInFlight(2).maxWaiting(1).build()) {
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
        ZimTransport.Factory vertx = VertxTransport.factory();
        assertThatThrownBy(() -> ZimGatewayBuilder.over(vertx).secret(SECRET).build()).hasMessageContaining("AppId");
        assertThatThrownBy(() -> ZimGatewayBuilder.over(vertx).appId(1).build()).hasMessageContaining("ServerSecret");
        assertThatThrownBy(() -> ZimGatewayBuilder.over(vertx).maxInFlight(0)).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> ZimGatewayBuilder.over(vertx).answerDeadline(Duration.ZERO))
                .hasMessageContaining("answerDeadline");
        assertThatThrownBy(() -> ZimGatewayBuilder.over(vertx).endpoint("http://example.com"))
                .hasMessageContaining("plain http://");
    }

    @Test
    void onlyAFailureBeforeAConnectionIsNotSent() {
        assertThat(VertxTransport.classify(new java.net.ConnectException("refused")))
                .isInstanceOf(TransportResult.NotSent.class);
        assertThat(VertxTransport.classify(new io.vertx.core.http.ConnectionPoolTooBusyException("busy")))
                .isInstanceOf(TransportResult.NotSent.class);
        assertThat(VertxTransport.classify(new io.vertx.core.VertxException("Connection was closed")))
                .isInstanceOf(TransportResult.MaybeSent.class);
        assertThat(VertxTransport.classify(new java.util.concurrent.TimeoutException("idle")))
                .isInstanceOf(TransportResult.MaybeSent.class);
    }

    @Test
    void describesItselfWithoutTheSecret() {
        try (ZimGateway g = ZimGatewayBuilder.over(VertxTransport.factory()).appId(7)
                .secret(ServerSecret.of("topsecretvalue")).build()) {
            assertThat(g.toString()).contains("appId=7", "VertxTransport").doesNotContain("topsecretvalue");
        }
    }
}
