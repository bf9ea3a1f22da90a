package io.zimmigrate.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.gateway.StubZimServer.Reply;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link ZimTransport} must do on the wire, checked against {@link StubZimServer}, which can misbehave in
 * ways a real server will not on demand; like AWS's {@code SdkHttpClientTestSuite}, each transport's tests extend
 * this with one method, {@link #newTransport}. Most checks go through core's real protocol
 * ({@link ZimProtocolGateway}) so they speak in outcomes; the deadline and close checks talk to the transport
 * directly. The full behaviour against the emulator is the emulator's {@code ZimGatewayContract}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ZimTransportContract {
    protected static final long APP_ID = 1234567890L;
    protected static final ServerSecret SECRET = ServerSecret.of("9193cc662a4c0ec135ec71fb57194b38");
    protected static final Duration CONNECT = Duration.ofSeconds(2);
    /** The deadline of the tests about slow answers. A cold JVM on a busy machine can take most of it. */
    protected static final Duration READ = Duration.ofMillis(1500);
    /** The deadline of every other test: a loaded CI machine must not turn a normal answer into "maybe sent". */
    protected static final Duration PATIENT = Duration.ofSeconds(20);

    /** Opens the transport under test. */
    protected abstract ZimTransport newTransport(TransportSettings settings);

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

    protected static TransportSettings settings(ZimEndpoint endpoint, int maxInFlight) {
        return new TransportSettings(endpoint, CONNECT, PATIENT, maxInFlight, TransportSettings.DEFAULT_MAX_WAITING);
    }

    protected ZimTransport transport(TransportSettings settings) {
        return closing(newTransport(settings));
    }

    protected ZimProtocolGateway gateway() {
        return gateway(server.endpoint(), 8);
    }

    protected ZimProtocolGateway gateway(ZimEndpoint endpoint, int maxInFlight) {
        return gateway(settings(endpoint, maxInFlight));
    }

    /** A gateway whose answer deadline is {@link #READ}, for the tests of slow answers. */
    protected ZimProtocolGateway impatientGateway() {
        return gateway(settings(server.endpoint(), 8).withAnswerDeadline(READ));
    }

    private ZimProtocolGateway gateway(TransportSettings settings) {
        return new ZimProtocolGateway(new RequestSigner(APP_ID, SECRET, Clock.systemUTC(), NonceSource.secure()),
                transport(settings));
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
        // The endpoint's host and port, however the transport builds the request (absolute URL or host and target).
        assertThat(r.headers().get("host")).isEqualTo(server.endpoint().host() + ":" + server.endpoint().port());
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
        Outcome<ImportReceipt> outcome = await(impatientGateway().importGroupMessage(groupImport("slow")));
        assertThat(outcome).isInstanceOf(Outcome.Unknown.class);
        settle();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aSlowAnswerIsRetryLaterForAQuery() throws InterruptedException {
        server.replying(r -> Reply.slow("{\"Code\":0,\"Next\":0,\"List\":[]}", READ.toMillis() + 1000));
        assertThat(await(impatientGateway().queryGroupMessages(new QueryGroupMsgRequest("g1", 10, 0, null))))
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
        // 200 connections at once to a thread-per-connection stub: on a loaded CI machine that takes seconds.
        ZimProtocolGateway g = gateway(settings(server.endpoint(), n).withConnectTimeout(Duration.ofSeconds(15)));
        List<CompletionStage<Outcome<ImportReceipt>>> stages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stages.add(g.importGroupMessage(groupImport("m" + i)));
        }
        stages.forEach(s -> assertThat(await(s)).isInstanceOf(Outcome.Done.class));
        assertThat(server.received()).hasSize(n);
        assertThat(server.received().stream().map(StubZimServer.Received::bodyText).distinct()).hasSize(n);
    }

    private static final Map<String, String> QUERY = Map.of("Action", "ImportGroupMsg", "AppId", "1");
    private static final byte[] BODY = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final String ANSWER = "{\"Code\":0,\"Message\":\"success\",\"RequestId\":\"1\",\"MsgSeq\":1}";

    private static TransportResult resultWithin(CompletionStage<TransportResult> stage, Duration limit) {
        return stage.toCompletableFuture().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Issue #12 item 6: the deadline covers the whole answer, not the time between two bytes. */
    @Test
    void anAnswerThatTricklesIsMaybeSentOnceTheDeadlinePasses() {
        server.replying(r -> Reply.trickle(ANSWER, 200));
        ZimTransport t = transport(settings(server.endpoint(), 4).withAnswerDeadline(READ));
        long start = System.nanoTime();
        TransportResult result = resultWithin(t.post("ImportGroupMsg", QUERY, BODY), Duration.ofSeconds(10));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result).isInstanceOf(TransportResult.MaybeSent.class);
        // The whole answer takes ~12 s at one byte every 200 ms; the deadline is 1.5 s once connected, at most 3.5 s
        // from the hand-over (connecting is allowed 2 s).
        assertThat(tookMillis).isBetween(READ.toMillis() - 100, CONNECT.plus(READ).toMillis() + 2000);
    }

    @Test
    void aTricklingAnswerThroughTheGatewayIsUnknownForAnImport() {
        server.replying(r -> Reply.trickle(ANSWER, 200));
        assertThat(await(impatientGateway().importGroupMessage(groupImport("trickle"))))
                .isInstanceOf(Outcome.Unknown.class);
        assertThat(server.received()).hasSize(1);
    }

    /** A stopping run must end within 2 s whatever the server does: close ends what is in flight at once. */
    @Test
    void closingCompletesEverythingInFlightAtOnce() throws InterruptedException {
        server.replying(r -> r.bodyText().contains("hang") ? Reply.slow(ANSWER, 30_000) : Reply.trickle(ANSWER, 1000));
        ZimTransport t = newTransport(new TransportSettings(server.endpoint(), CONNECT, Duration.ofSeconds(30), 4,
                TransportSettings.DEFAULT_MAX_WAITING));
        List<CompletableFuture<TransportResult>> pending = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] body = (i % 2 == 0 ? "{\"hang\":1}" : "{\"trickle\":1}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            pending.add(t.post("ImportGroupMsg", QUERY, body).toCompletableFuture());
        }
        long waitUntil = System.currentTimeMillis() + 5000;
        while (server.received().size() < 4 && System.currentTimeMillis() < waitUntil) {
            Thread.sleep(20);
        }
        assertThat(server.received()).hasSize(4);
        assertThat(pending).noneMatch(CompletableFuture::isDone);
        long start = System.nanoTime();
        t.close();
        for (CompletableFuture<TransportResult> p : pending) {
            assertThat(resultWithin(p, Duration.ofMillis(500))).isInstanceOf(TransportResult.MaybeSent.class);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
    }

    @Test
    void afterCloseAPostIsNotSent() throws InterruptedException {
        ZimTransport t = newTransport(settings(server.endpoint(), 2));
        t.close();
        assertThat(resultWithin(t.post("ImportGroupMsg", QUERY, BODY), Duration.ofSeconds(2)))
                .isInstanceOf(TransportResult.NotSent.class);
        settle();
        assertThat(server.received()).isEmpty();
    }

    @Test
    void anyHttpStatusIsAnsweredWithItsBody() {
        server.replying(r -> Reply.status(503, "busy"));
        TransportResult result = resultWithin(transport(settings(server.endpoint(), 2)).post("ImportGroupMsg", QUERY, BODY),
                Duration.ofSeconds(10));
        assertThat(result).isInstanceOf(TransportResult.Answered.class);
        assertThat(((TransportResult.Answered) result).status()).isEqualTo(503);
        assertThat(new String(((TransportResult.Answered) result).body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("busy");
    }
}
