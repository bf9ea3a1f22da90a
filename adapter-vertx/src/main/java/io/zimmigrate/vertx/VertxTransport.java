package io.zimmigrate.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.zimmigrate.core.gateway.Redaction;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimTransport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Moves bytes with the Vert.x HTTP client, without blocking. The phase of a failure is known exactly: if
 * {@code client.request(…)} fails, no connection was obtained (refused, connect timeout, pool wait queue full,
 * client closed), so the request was not sent; any failure after that (idle timeout, connection closed, reset) may
 * have come after the request reached ZIM.
 *
 * <p>Hazards handled here: every request gets a connect timeout and an idle (read) timeout, since Vert.x has none
 * by default and a lost answer would hang forever; the pool is sized by the caller and its wait queue kept small, so
 * paced requests are not held back and released in bursts; redirects are not followed; HTTP/1.1 only (no h2c
 * upgrade); bodies are core's bytes, so Vert.x's global JSON codec is never involved.
 */
final class VertxTransport implements ZimTransport {
    private final ZimEndpoint endpoint;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpClientAgent client;
    private final long connectTimeoutMillis;
    private final long readTimeoutMillis;
    private volatile boolean closed;

    VertxTransport(ZimEndpoint endpoint, Vertx vertx, boolean ownsVertx, int poolSize, int maxWaitQueueSize,
                   Duration connectTimeout, Duration readTimeout) {
        this.endpoint = endpoint;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.connectTimeoutMillis = connectTimeout.toMillis();
        this.readTimeoutMillis = readTimeout.toMillis();
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                // Drop idle pooled connections before a typical load balancer (60 s) does, so a request is rarely
                // written into a connection the far end has already closed (which would make it "maybe sent").
                .setKeepAliveTimeout(30)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                .setVerifyHost(true);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(maxWaitQueueSize);
        this.client = vertx.httpClientBuilder().with(options).with(pool).build();
    }

    @Override
    public CompletionStage<TransportResult> post(String action, Map<String, String> query, byte[] body) {
        if (closed) {
            return CompletableFuture.completedFuture(new TransportResult.NotSent("the Vert.x gateway is closed"));
        }
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(endpoint.requestUri(query).toString())
                .setFollowRedirects(false)
                // Until a connection is ours (includes waiting in the pool queue): not sent when it passes.
                .setConnectTimeout(connectTimeoutMillis)
                // No byte of the answer for this long: maybe sent.
                .setIdleTimeout(readTimeoutMillis)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        CompletableFuture<TransportResult> result = new CompletableFuture<>();
        Future<HttpClientRequest> connected;
        try {
            connected = client.request(request);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new TransportResult.NotSent(Redaction.describe(e)));
        }
        connected.onComplete(c -> {
            if (c.failed()) {
                result.complete(new TransportResult.NotSent(Redaction.describe(c.cause())));
                return;
            }
            c.result().send(Buffer.buffer(body))
                    .compose(response -> response.body().map(
                            buffer -> (TransportResult) new TransportResult.Answered(response.statusCode(), buffer.getBytes())))
                    .onComplete(r -> result.complete(r.succeeded()
                            ? r.result()
                            : new TransportResult.MaybeSent(Redaction.describe(r.cause()))));
        });
        return result;
    }

    @Override
    public void close() {
        closed = true;
        // Waited for one at a time from the caller's thread: a future chained onto the client's close would be
        // completed on an event loop that closing Vert.x has already stopped, and never complete.
        boolean mayWait = !Context.isOnVertxThread();
        awaitQuietly(client.close(), mayWait);
        if (ownsVertx) {
            awaitQuietly(vertx.close(), mayWait);
        }
    }

    private static void awaitQuietly(Future<Void> closing, boolean mayWait) {
        if (!mayWait) {
            return;
        }
        try {
            closing.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Closing anyway; nothing more to do.
        }
    }

    @Override
    public String toString() {
        return "VertxTransport[" + endpoint + "]";
    }
}
