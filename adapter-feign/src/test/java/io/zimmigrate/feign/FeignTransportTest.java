package io.zimmigrate.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.gateway.StubZimServer;
import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.gateway.StubZimServer.Reply;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.WireBody;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What only the Feign transport has: the executor, the client and capabilities, sorting failures by phase. */
class FeignTransportTest {
    static final ServerSecret SECRET = ServerSecret.of("secret");

    static ImportGroupMsgRequest message(String text) {
        return new ImportGroupMsgRequest("u1", "g1", 1, 1, new WireBody(text, null), null, null, 1L);
    }

    @Test
    void theCallersExecutorIsNeverShutDown() {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (StubZimServer server = StubZimServer.start()) {
            ZimProtocolGateway gateway = ZimGatewayBuilder.over(FeignTransport.builder().executor(executor))
                    .endpoint(server.endpoint()).appId(1).secret(SECRET).build();
            assertThat(gateway.importGroupMessage(message("a")).toCompletableFuture().join())
                    .isInstanceOf(Outcome.Done.class);
            gateway.close();
            assertThat(executor.isShutdown()).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void requestsBeyondTheOwnPoolAndItsQueueAreNotSent() throws InterruptedException {
        try (StubZimServer server = StubZimServer.start()
                .replying(r -> Reply.slow("{\"Code\":0,\"MsgSeq\":1}", 500));
             ZimProtocolGateway gateway = ZimGatewayBuilder.over(FeignTransport.builder())
                     .endpoint(server.endpoint()).appId(1).secret(SECRET).maxInFlight(2).maxWaiting(1).build()) {
            List<CompletionStage<Outcome<ImportReceipt>>> stages = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                stages.add(gateway.importGroupMessage(message("m" + i)));
            }
            List<Outcome<ImportReceipt>> outcomes = stages.stream().map(s -> s.toCompletableFuture().join()).toList();
            assertThat(outcomes).filteredOn(o -> o instanceof Outcome.Done).hasSize(3);
            assertThat(outcomes).filteredOn(o -> o instanceof Outcome.RetryLater).hasSize(3)
                    .allSatisfy(o -> assertThat(((Outcome.RetryLater<?>) o).reason()).startsWith("not sent"));
            Thread.sleep(300);
            assertThat(server.received()).hasSize(3);
        }
    }

    /**
     * The call's URL is core's request target as is ({@link ZimTarget}, not re-parsed by Feign's templates), and the
     * header that hands it to the target reaches neither the server nor Feign's log.
     */
    @Test
    void theSignedQueryArrivesAsCoreEncodedItAndTheHandOverStaysInside() {
        java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("Action", "ImportGroupMsg");
        query.put("AppId", "1");
        query.put("Odd", "a b+c/d=é&%7B{x}");
        query.put("Signature", "0123456789abcdef0123456789abcdef");
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (StubZimServer server = StubZimServer.start()) {
            io.zimmigrate.core.gateway.ZimTransport transport = FeignTransport.builder()
                    .logLevel(feign.Logger.Level.HEADERS).logLines(lines::add)
                    .open(io.zimmigrate.core.gateway.TransportSettings.defaults(server.endpoint()));
            try {
                assertThat(transport.post("ImportGroupMsg", query, new byte[] {'{', '}'}).toCompletableFuture().join())
                        .isInstanceOf(TransportResult.Answered.class);
            } finally {
                transport.close();
            }
            StubZimServer.Received r = server.received().get(0);
            assertThat(r.target()).isEqualTo(server.endpoint().requestTarget(query));
            assertThat(r.headers().keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-zim"));
            assertThat(r.headers().get("content-type")).startsWith("application/json");
        }
        assertThat(lines).anyMatch(l -> l.contains("Content-Type"));
        assertThat(lines).noneMatch(l -> l.contains(ZimTarget.REQUEST_TARGET) || l.contains("0123456789abcdef"));
    }

    @Test
    void failuresAreSortedByPhaseAndTheUrlNeverShows() {
        String url = "POST http://127.0.0.1:1/?Action=ImportGroupMsg&Signature=0123456789abcdef0123456789abcdef";
        feign.Request request = feign.Request.create(feign.Request.HttpMethod.POST, url.substring(5),
                java.util.Map.of(), new byte[0], java.nio.charset.StandardCharsets.UTF_8, null);
        assertThat(FailurePhase.classify(new feign.RetryableException(-1, "x " + url, feign.Request.HttpMethod.POST,
                new ConnectException(), (Long) null, request))).isInstanceOf(TransportResult.NotSent.class);
        assertThat(FailurePhase.classify(new IOException(url, new HttpConnectTimeoutException("connect timed out"))))
                .isInstanceOf(TransportResult.NotSent.class);
        TransportResult timeout = FailurePhase.classify(new IOException(url, new HttpTimeoutException("request timed out")));
        assertThat(timeout).isInstanceOf(TransportResult.MaybeSent.class);
        assertThat(((TransportResult.MaybeSent) timeout).reason()).contains("request timed out");
        TransportResult reset = FailurePhase.classify(new IOException(url, new SocketException("Connection reset")));
        assertThat(reset).isInstanceOf(TransportResult.MaybeSent.class);
        assertThat(reset.toString()).doesNotContain("0123456789abcdef");
        assertThat(FailurePhase.classify(new IOException(url)).toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void feignsRequestLogLinesLoseTheSignature() {
        String line = RedactingFeignLogger.line("FeignTransport#post(Map,byte[])", "---> %s %s HTTP/1.1", "POST",
                "http://127.0.0.1:1/?Action=ImportGroupMsg&Signature=0123456789abcdef0123456789abcdef&SignatureVersion=2.0");
        assertThat(line).contains("---> POST", "Signature=<hidden>", "SignatureVersion=2.0")
                .doesNotContain("0123456789abcdef");
    }

    @Test
    void buildNeedsCredentialsAndSaneSizes() {
        FeignTransportBuilder feign = FeignTransport.builder();
        assertThatThrownBy(() -> ZimGatewayBuilder.over(feign).secret(SECRET).build()).hasMessageContaining("AppId");
        assertThatThrownBy(() -> ZimGatewayBuilder.over(feign).appId(1).build()).hasMessageContaining("ServerSecret");
        assertThatThrownBy(() -> ZimGatewayBuilder.over(feign).maxInFlight(0)).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> ZimGatewayBuilder.over(feign).connectTimeout(Duration.ofMillis(-1)))
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> ZimGatewayBuilder.over(feign).endpoint("http://example.com"))
                .hasMessageContaining("plain http://");
    }

    /** The embedder's client and capabilities are used; Feign's retryer is off whatever they are. */
    @Test
    void theGivenClientAndCapabilitiesCarryEveryRequestOnce() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();
        feign.Client jdk = new feign.http2client.Http2Client();
        feign.Capability counting = new Counting(executed);
        try (StubZimServer server = StubZimServer.start().replying(r -> Reply.drop());
             ZimProtocolGateway gateway = ZimGatewayBuilder.over(FeignTransport.builder().client(jdk).capability(counting))
                     .endpoint(server.endpoint()).appId(1).secret(SECRET).build()) {
            assertThat(gateway.importGroupMessage(message("a")).toCompletableFuture().join())
                    .isInstanceOf(Outcome.Unknown.class);
            Thread.sleep(300);
            assertThat(executed).hasValue(1);
            assertThat(server.received()).hasSize(1);
            assertThat(gateway.toString()).contains("FeignTransport");
        }
    }

    /** Feign finds a capability's {@code enrich} methods by reflection: the class must be public. */
    public static final class Counting implements feign.Capability {
        private final java.util.concurrent.atomic.AtomicInteger executed;

        Counting(java.util.concurrent.atomic.AtomicInteger executed) {
            this.executed = executed;
        }

        @Override
        public feign.Client enrich(feign.Client client) {
            return (request, options) -> {
                executed.incrementAndGet();
                return client.execute(request, options);
            };
        }
    }
}
