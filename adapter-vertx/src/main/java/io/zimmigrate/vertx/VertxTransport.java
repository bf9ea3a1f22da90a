package io.zimmigrate.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.zimmigrate.core.gateway.Redaction;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimTransport;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;

/**
 * Moves bytes with the Vert.x Web Client, without blocking: for applications that already run Vert.x or want many
 * requests in flight without a thread each. Compose it with core's protocol:
 *
 * <pre>{@code
 * ZimGateway zim = ZimGatewayBuilder.over(VertxTransport.factory(vertx))   // or factory(): its own Vert.x
 *         .appId(1234567890L).secret(ServerSecret.of(secretFromEnvironment)).build();
 * }</pre>
 *
 * <p>Phase, with public API only: a failure before a connection was obtained ({@link ConnectException}, a name that
 * does not resolve, a failed TLS handshake, {@link ConnectionPoolTooBusyException}) is not sent; every other failure
 * after the request was created (idle or answer deadline, reset, closed connection, a pool wait that timed out) is
 * maybe sent and goes to reconciliation. That is more conservative than reading the core client's request phase only
 * in rare cases (docs/decisions.md), and never less safe.
 *
 * <p>Hazards handled here: redirects are not followed (the Web Client follows them by default); no retries; every
 * request has a connect timeout, an idle timeout and, on a Vert.x timer, a deadline for the whole answer, so a
 * server that trickles one byte a second cannot hold a request for ever; the pool is sized to the in-flight limit
 * with a small wait queue, so paced requests are not held back and released in bursts; HTTP/1.1 only; bodies are
 * core's bytes (encoded with core's own ObjectMapper), so Vert.x's global JSON codec is never involved. Stages
 * complete on a Vert.x thread: do not block in what you chain onto them.
 */
public final class VertxTransport implements ZimTransport {
    private final TransportSettings settings;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpClientAgent http;
    private final WebClient client;
    /** Where every request is built and sent: the caller's context if made on one, else an event loop's. */
    private final Context context;
    /** Requests not yet answered, so {@link #close()} can complete them at once. */
    private final Set<CompletableFuture<TransportResult>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private VertxTransport(TransportSettings settings, Vertx vertx, boolean ownsVertx) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                // Drop idle pooled connections before a typical load balancer (60 s) does, so a request is rarely
                // written into a connection the far end has already closed (which would make it "maybe sent").
                .setKeepAliveTimeout(30)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .setVerifyHost(true);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(settings.maxInFlight())
                .setMaxWaitQueueSize(settings.maxWaiting());
        // Our own client under the Web Client, so close() can shut it down at once rather than with Vert.x's grace.
        this.http = vertx.httpClientBuilder().with(options).with(pool).build();
        this.client = WebClient.wrap(http, new WebClientOptions().setFollowRedirects(false));
        this.context = vertx.getOrCreateContext();
        prepareRequestPath();
    }

    /**
     * Builds one request the way {@link #send} does and never sends it, so the Web Client's request, header and
     * buffer classes (Netty's allocator among them, ~300 classes) load while the transport is made, not while the
     * first import waits: on a fresh JVM that was about 0.2 s of a resume's first request (P6, docs/performance.md).
     * Best effort: a failure here is met again, and reported, by the first real request.
     */
    private void prepareRequestPath() {
        try {
            ZimEndpoint endpoint = settings.endpoint();
            client.request(HttpMethod.POST, endpoint.port(), endpoint.host(), "/")
                    .ssl(endpoint.isSecure())
                    .followRedirects(false)
                    .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json");
            Buffer.buffer(new byte[] {'{', '}'}).getBytes();
        } catch (RuntimeException e) {
            // see above
        }
    }

    /** Transports on a Vert.x of their own, closed with the transport. */
    public static ZimTransport.Factory factory() {
        return settings -> new VertxTransport(settings, Vertx.vertx(withoutFileCache()), true);
    }

    /**
     * No classpath file resolving, so no file cache: Vert.x made a {@code vertx-cache-UUID} folder in java.io.tmpdir
     * for every instance, removed only by a shutdown hook, so every run killed outright (SIGKILL, a halt after an
     * exhausted heap) left one behind. Nothing here serves files from the classpath.
     */
    static VertxOptions withoutFileCache() {
        return new VertxOptions().setFileSystemOptions(
                new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false));
    }

    /** Transports on the caller's Vert.x, which they never close. */
    public static ZimTransport.Factory factory(Vertx vertx) {
        Objects.requireNonNull(vertx, "vertx");
        return settings -> new VertxTransport(settings, vertx, false);
    }

    @Override
    public CompletionStage<TransportResult> post(String action, Map<String, String> query, byte[] body) {
        if (closed) {
            return CompletableFuture.completedFuture(new TransportResult.NotSent("the Vert.x transport is closed"));
        }
        String target = settings.endpoint().requestTarget(query);
        CompletableFuture<TransportResult> result = new CompletableFuture<>();
        inFlight.add(result);
        result.whenComplete((r, e) -> inFlight.remove(result));
        try {
            // One hop to the transport's context, where the Web Client and the timer find it current: called from a
            // thread outside Vert.x (the engine's), each would make a context of its own for every request (two
            // VertxImpl.createContext per request in the P5 profile). The write goes through the event loop anyway.
            context.runOnContext(v -> send(target, body, result));
        } catch (RuntimeException e) {
            // Refused before it reached the client (Vert.x is closed): nothing left.
            result.complete(new TransportResult.NotSent(Redaction.describe(e)));
        }
        if (closed) {
            result.complete(new TransportResult.MaybeSent("the Vert.x transport was closed"));
        }
        return result;
    }

    /** On the transport's context: hands the request to the Web Client, unless it was completed (closed) already. */
    private void send(String target, byte[] body, CompletableFuture<TransportResult> result) {
        if (result.isDone()) {
            return; // closed while it waited for the event loop: never handed to the client
        }
        ZimEndpoint endpoint = settings.endpoint();
        long deadline = settings.answerDeadline().toMillis();
        // The deadline counts from the hand-over, since the Web Client does not tell when the connection came: the
        // connect allowance plus the answer deadline, so a slow connect does not eat into the answer's time.
        long timer = vertx.setTimer(settings.requestDeadline().toMillis(), id -> result.complete(
                new TransportResult.MaybeSent("no complete answer within " + seconds(settings.answerDeadline())
                        + " (after " + seconds(settings.connectTimeout()) + " allowed for connecting)")));
        result.whenComplete((r, e) -> vertx.cancelTimer(timer));
        try {
            // Host, port and TLS as they are, the target per request: an absolute URL here would be built as a
            // java.net.URI and parsed again by the Web Client on every request (per-answer latency, P5).
            client.request(HttpMethod.POST, endpoint.port(), endpoint.host(), target)
                    .ssl(endpoint.isSecure())
                    .followRedirects(false)
                    // Until a connection is ours (includes waiting in the pool's queue).
                    .connectTimeout(settings.connectTimeout().toMillis())
                    // No byte for this long: the connection is closed (frees it; the deadline ends the request).
                    .idleTimeout(deadline)
                    .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
                    .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                    .sendBuffer(Buffer.buffer(body))
                    .onComplete(sent -> result.complete(sent.succeeded()
                            ? new TransportResult.Answered(sent.result().statusCode(), bytes(sent.result().body()))
                            : classify(sent.cause())));
        } catch (RuntimeException e) {
            result.complete(classify(e));
        }
    }

    private static byte[] bytes(Buffer body) {
        return body == null ? new byte[0] : body.getBytes();
    }

    /** Not sent only when no connection was ever obtained; anything else may have reached ZIM. */
    static TransportResult classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectionPoolTooBusyException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SSLHandshakeException) {
                return new TransportResult.NotSent(Redaction.describe(innermostHandshakeFailure(t)));
            }
        }
        return new TransportResult.MaybeSent(Redaction.describe(failure));
    }

    /**
     * Vert.x wraps the JDK's handshake failure ("PKIX path building failed: …", which says what was wrong) in its
     * own "Failed to create SSL connection", which does not; the operator is told the JDK's.
     */
    private static Throwable innermostHandshakeFailure(Throwable t) {
        Throwable said = t;
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (c instanceof SSLHandshakeException && c.getMessage() != null) {
                said = c;
            }
        }
        return said;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * Completes every request still in flight at once (maybe sent: each was handed to the client), then shuts the
     * client down without grace and, if it is ours, Vert.x; returns within about a second whatever the server does.
     */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<TransportResult> pending : Set.copyOf(inFlight)) {
            pending.complete(new TransportResult.MaybeSent("the Vert.x transport was closed while waiting for the answer"));
        }
        // Waited for one at a time from the caller's thread (never on a Vert.x thread, which must not block): a
        // future chained onto the client's close would be completed on an event loop that closing Vert.x stops.
        boolean mayWait = !Context.isOnVertxThread();
        awaitQuietly(http.shutdown(Duration.ZERO), mayWait);
        if (ownsVertx) {
            awaitQuietly(vertx.close(), mayWait);
        }
    }

    private static void awaitQuietly(Future<Void> closing, boolean mayWait) {
        if (!mayWait) {
            return;
        }
        try {
            closing.toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Closing anyway; nothing more to do.
        }
    }

    @Override
    public String toString() {
        return "VertxTransport[" + settings.endpoint() + "]";
    }
}
