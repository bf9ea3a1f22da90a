package io.zimmigrate.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.gateway.StubZimServer.Reply;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.signing.Signature;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.WireBody;
import io.zimmigrate.core.wire.ZimJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link ZimTransport}-based gateway must do on the wire, checked against {@link StubZimServer}, which
 * can misbehave in ways a real server will not on demand. Each adapter's tests extend this with a factory. The
 * full behaviour against the emulator is the emulator's {@code ZimGatewayContract}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ZimTransportContract {
    protected static final long APP_ID = 1234567890L;
    protected static final ServerSecret SECRET = ServerSecret.of("9193cc662a4c0ec135ec71fb57194b38");
    protected static final Duration CONNECT = Duration.ofSeconds(2);
    // Generous: a cold JVM on a busy machine can take most of a second over its first request.
    protected static final Duration READ = Duration.ofMillis(1500);

    /** Everything a gateway under test is built from. */
    public record Setup(ZimEndpoint endpoint, long appId, ServerSecret secret, Clock clock, NonceSource nonces,
                        Duration connectTimeout, Duration readTimeout, int maxInFlight) {}

    /** Builds the gateway under test. */
    protected abstract ZimGateway newGateway(Setup setup);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    protected final StubZimServer server = closing(StubZimServer.start());

    /**
     * The protocol gateway behind a transport's public gateway: these tests speak ZIM's wire requests, which the
     * port ({@link ZimGateway}) no longer does.
     */
    protected static ZimProtocolGateway protocol(ZimGateway gateway) {
        return (ZimProtocolGateway) gateway;
    }

    protected <T extends AutoCloseable> T closing(T resource) {
        toClose.add(resource);
        return resource;
    }

    protected ZimProtocolGateway gateway() {
        return gateway(server.endpoint(), 8);
    }

    protected ZimProtocolGateway gateway(ZimEndpoint endpoint, int maxInFlight) {
        return closing(protocol(newGateway(new Setup(endpoint, APP_ID, SECRET, Clock.systemUTC(), NonceSource.secure(),
                CONNECT, READ, maxInFlight))));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    protected static ImportGroupMsgRequest groupImport(String text) {
        return new ImportGroupMsgRequest("u1", "g1", 1, 2, new WireBody(text, null), null, null, 1_700_000_000_000L);
    }

    protected static <T> Outcome<T> await(CompletionStage<Outcome<T>> stage) {
        return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Waits long enough that a transport retrying on its own would have done so by now. */
    protected static void settle() throws InterruptedException {
        Thread.sleep(READ.toMillis() + 300);
    }

    @Test
    void postsCoreBytesToTheRootWithTheSignedQueryOverHttp11() {
        ImportGroupMsgRequest request = groupImport("héllo \"wörld\" \uD83D\uDE00");
        assertThat(await(gateway().importGroupMessage(request))).isInstanceOf(Outcome.Done.class);
        StubZimServer.Received r = server.received().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.version()).isEqualTo("HTTP/1.1");
        assertThat(r.headers()).doesNotContainKey("upgrade");
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        assertThat(r.body()).isEqualTo(ZimJson.encode(request));
        assertThat(r.target()).startsWith("/?Action=ImportGroupMsg&AppId=1234567890&SignatureNonce=");
        assertThat(r.query().keySet())
                .containsExactly("Action", "AppId", "SignatureNonce", "Timestamp", "Signature", "SignatureVersion");
        assertThat(r.query().get("Signature")).isEqualTo(Signature.compute(APP_ID, r.query().get("SignatureNonce"),
                SECRET, Long.parseLong(r.query().get("Timestamp"))));
        assertThat(r.query().get("SignatureNonce")).matches("[0-9a-f]{16}");
    }

    @Test
    void aSlowAnswerIsUnknownForAnImportAndIsNeverResent() throws InterruptedException {
        server.replying(r -> Reply.slow("{\"Code\":0,\"MsgSeq\":1}", READ.toMillis() + 1000));
        Outcome<ImportReceipt> outcome = await(gateway().importGroupMessage(groupImport("slow")));
        assertThat(outcome).isInstanceOf(Outcome.Unknown.class);
        settle();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aSlowAnswerIsRetryLaterForAQuery() throws InterruptedException {
        server.replying(r -> Reply.slow("{\"Code\":0,\"Next\":0,\"List\":[]}", READ.toMillis() + 1000));
        assertThat(await(gateway().queryGroupMessages(new QueryGroupMsgRequest("g1", 10, 0, null))))
                .isInstanceOf(Outcome.RetryLater.class);
        settle();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aDroppedConnectionIsUnknownAndIsNeverResent() throws InterruptedException {
        server.replying(r -> Reply.drop());
        assertThat(await(gateway().importGroupMessage(groupImport("dropped")))).isInstanceOf(Outcome.Unknown.class);
        settle();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aBare500IsUnknownAndIsNeverResent() throws InterruptedException {
        server.replying(r -> Reply.status(500, "Internal Server Error"));
        assertThat(await(gateway().importGroupMessage(groupImport("500")))).isInstanceOf(Outcome.Unknown.class);
        settle();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aZimErrorInAn200BodyIsClassifiedByItsCode() {
        server.replying(r -> Reply.code(660600001));
        Outcome<ImportReceipt> outcome = await(gateway().importGroupMessage(groupImport("x")));
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected<?>) outcome).code()).isEqualTo(660600001L);
    }

    @Test
    void redirectsAreNotFollowed() throws InterruptedException {
        server.replying(r -> r.target().startsWith("/elsewhere") ? Reply.code(0)
                : Reply.redirect(server.endpoint() + "/elsewhere"));
        assertThat(await(gateway().importGroupMessage(groupImport("x")))).isInstanceOf(Outcome.Fatal.class);
        settle();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aRefusedConnectionWasNotSentSoItIsRetryLater() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ZimProtocolGateway g = gateway(ZimEndpoint.of("http://127.0.0.1:" + port), 2);
        Outcome<ImportReceipt> outcome = await(g.importGroupMessage(groupImport("x")));
        assertThat(outcome).isInstanceOf(Outcome.RetryLater.class);
        assertThat(((Outcome.RetryLater<?>) outcome).reason()).startsWith("not sent");
    }

    @Test
    void anInvalidSignatureIsResignedOnceThenFatal() {
        server.replying(r -> Reply.code(ZimCodes.SIGNATURE_INVALID));
        assertThat(await(gateway().importGroupMessage(groupImport("x")))).isInstanceOf(Outcome.Fatal.class);
        List<StubZimServer.Received> got = server.received();
        assertThat(got).hasSize(2);
        assertThat(got.get(0).query().get("SignatureNonce")).isNotEqualTo(got.get(1).query().get("SignatureNonce"));
        assertThat(got.get(0).body()).isEqualTo(got.get(1).body());
    }

    @Test
    void afterCloseNothingIsSent() throws InterruptedException {
        ZimProtocolGateway g = gateway();
        g.close();
        assertThat(await(g.importGroupMessage(groupImport("x")))).isInstanceOf(Outcome.RetryLater.class);
        settle();
        assertThat(server.received()).isEmpty();
    }

    @Test
    void manyRequestsInFlightAllArriveOnce() {
        int n = 200;
        server.replying(r -> Reply.slow("{\"Code\":0,\"MsgSeq\":1}", 100));
        ZimProtocolGateway g = gateway(server.endpoint(), n);
        List<CompletionStage<Outcome<ImportReceipt>>> stages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stages.add(g.importGroupMessage(groupImport("m" + i)));
        }
        stages.forEach(s -> assertThat(await(s)).isInstanceOf(Outcome.Done.class));
        assertThat(server.received()).hasSize(n);
        assertThat(server.received().stream().map(StubZimServer.Received::bodyText).distinct()).hasSize(n);
    }
}
