package io.zimmigrate.feign;

import feign.Feign;
import feign.Request;
import feign.Response;
import feign.Retryer;
import feign.http2client.Http2Client;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Moves bytes with OpenFeign over the JDK HTTP client. Feign calls block, so each runs on {@code executor}; the number
 * of requests in flight is at most its thread count.
 *
 * <p>Hazards handled here: Feign's default {@code Retryer} would resend any I/O failure (read timeouts included), so
 * it is {@link Retryer#NEVER_RETRY}; redirects are not followed; the JDK client speaks HTTP/1.1 only (no h2c upgrade
 * dance on plain-http loopback, and the same protocol the Vert.x transport speaks); the JDK client itself never
 * retries a POST.
 */
final class FeignTransport implements ZimTransport {
    private final ZimEndpoint endpoint;
    private final ZimHttpApi api;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Duration closeGrace;
    private volatile boolean closed;

    FeignTransport(ZimEndpoint endpoint, Duration connectTimeout, Duration readTimeout, feign.Logger.Level logLevel,
                   ExecutorService executor, boolean ownsExecutor) {
        this.endpoint = endpoint;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        this.closeGrace = connectTimeout.plus(readTimeout);
        // Built to match the Options below exactly, so Http2Client uses this client and never makes its own.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        this.api = Feign.builder()
                .client(new Http2Client(http))
                .retryer(Retryer.NEVER_RETRY)
                .options(new Request.Options(connectTimeout, readTimeout, false))
                .logger(new RedactingFeignLogger())
                .logLevel(logLevel)
                .target(ZimHttpApi.class, endpoint.origin().toString());
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
        try (Response response = api.post(endpoint.requestUri(query), body)) {
            return new TransportResult.Answered(response.status(), read(response));
        } catch (RuntimeException | IOException e) {
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
