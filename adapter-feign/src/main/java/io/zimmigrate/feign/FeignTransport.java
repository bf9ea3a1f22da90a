package io.zimmigrate.feign;

import feign.Request;
import feign.Response;
import feign.http2client.Http2Client;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Moves bytes with OpenFeign's client over the JDK HTTP client. Feign calls block, so each runs on {@code executor};
 * the number of requests in flight is at most its thread count.
 *
 * <p>It calls Feign's {@link Http2Client} with a ready {@link Request}, not through a declarative Feign interface: the
 * interface's proxy resolved a URI template for every call (~130 µs of CPU per request, a third of the transport's
 * client-side cost; {@code bench/p2-feign-layers.sh}, docs/decisions.md) and brought nothing this transport uses:
 * core computes the URI and the body, there is nothing to encode, decode, intercept or retry. Every HTTP answer, 200
 * or not, reaches core unchanged (ZIM reports its errors inside 200 bodies; no {@code ErrorDecoder} is involved).
 * Feign's logger is kept, at the level the builder sets.
 *
 * <p>Hazards handled here: no retry of any kind (Feign's default {@code Retryer} would resend any I/O failure, read
 * timeouts included; here there is none to configure); redirects are not followed; the JDK client speaks HTTP/1.1
 * only (no h2c upgrade dance on plain-http loopback, and the same protocol the Vert.x transport speaks); the JDK
 * client itself never retries a POST.
 */
final class FeignTransport implements ZimTransport {
    private static final Map<String, Collection<String>> HEADERS = Map.of(
            "Content-Type", List.of("application/json"), "Accept", List.of("application/json"));
    /** How Feign's log lines name the call: Feign's form for a method, "Type#method(Args)". */
    private static final String CONFIG_KEY = "FeignTransport#post(Map,byte[])";

    private final ZimEndpoint endpoint;
    private final Http2Client client;
    private final Request.Options options;
    private final RedactingFeignLogger logger;
    private final feign.Logger.Level logLevel;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Duration closeGrace;
    private volatile boolean closed;

    FeignTransport(ZimEndpoint endpoint, Duration connectTimeout, Duration readTimeout, feign.Logger.Level logLevel,
                   ExecutorService executor, boolean ownsExecutor) {
        this(endpoint, connectTimeout, readTimeout, logLevel, new RedactingFeignLogger(), executor, ownsExecutor);
    }

    /** With the logger given (tests read what it writes). */
    FeignTransport(ZimEndpoint endpoint, Duration connectTimeout, Duration readTimeout, feign.Logger.Level logLevel,
                   RedactingFeignLogger logger, ExecutorService executor, boolean ownsExecutor) {
        this.endpoint = endpoint;
        this.logger = logger;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        this.closeGrace = connectTimeout.plus(readTimeout);
        // Built to match the Options below exactly, so Http2Client uses this client and never makes its own.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                // The client's own steps run on its selector thread instead of hopping through a worker pool: the
                // calling thread waits in send() and reads the body itself, and Feign's body handler (ofInputStream)
                // never blocks the thread that feeds it, so nothing slow runs there. P2 with Feign: 0.51-0.57 with
                // the default pool, 0.59-0.68 in four runs with this (docs/performance.md).
                .executor(Runnable::run)
                .build();
        this.client = new Http2Client(http);
        this.options = new Request.Options(connectTimeout, readTimeout, false);
        this.logLevel = logLevel;
    }

    @Override
    public CompletionStage<TransportResult> post(String action, Map<String, String> query, byte[] body) {
        if (closed) {
            return CompletableFuture.completedFuture(new TransportResult.NotSent("the Feign gateway is closed"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> send(query, body), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new TransportResult.NotSent(
                    "no thread free to send (" + action + "): the executor is full or shut down"));
        }
    }

    private TransportResult send(Map<String, String> query, byte[] body) {
        // The charset only tells Feign's FULL log to print the body as text (core's JSON is UTF-8).
        Request request = Request.create(Request.HttpMethod.POST, endpoint.requestUri(query).toString(), HEADERS, body,
                StandardCharsets.UTF_8, null);
        logger.request(CONFIG_KEY, logLevel, request);
        long start = System.nanoTime();
        try (Response response = logger.response(CONFIG_KEY, logLevel, client.execute(request, options), start)) {
            return new TransportResult.Answered(response.status(), read(response));
        } catch (IOException e) {
            logger.failure(CONFIG_KEY, logLevel, e, start);
            return FailurePhase.classify(e);
        } catch (RuntimeException e) {
            return FailurePhase.classify(e);
        }
    }

    private static byte[] read(Response response) throws IOException {
        if (response.body() == null) {
            return new byte[0];
        }
        try (InputStream in = response.body().asInputStream()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (!ownsExecutor) {
            return;
        }
        executor.shutdown();
        try {
            // Requests in flight get the time their own timeouts allow; then they are interrupted (→ maybe sent).
            if (!executor.awaitTermination(closeGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FeignTransport[" + endpoint + "]";
    }
}
