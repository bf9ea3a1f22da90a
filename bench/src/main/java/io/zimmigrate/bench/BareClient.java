package io.zimmigrate.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: a bare Vert.x Web Client loop that posts the import requests of a history, each freshly signed,
 * one request in flight per timeline and every timeline at once (the engine's concurrency when its cap is off),
 * with nothing else: no plan, no journal, no pacing, no retries. Prints the calls, failures and seconds spent.
 *
 * <pre>ZIM_SERVER_SECRET=… BareClient --endpoint URL --app-id N --input FILE [--timelines-at-once K]</pre>
 */
public final class BareClient {
    private BareClient() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        URI endpoint = URI.create(args.required("--endpoint"));
        long appId = args.number("--app-id", EmulatorHarness.APP_ID);
        Path input = Path.of(args.required("--input"));
        int atOnce = args.integer("--timelines-at-once", 256);
        args.done();
        String secret = System.getenv("ZIM_SERVER_SECRET");
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("set ZIM_SERVER_SECRET");
        }

        Map<String, List<SignedBodies.Call>> timelines = SignedBodies.perTimeline(input, System.currentTimeMillis());
        RequestSigner signer = new RequestSigner(appId, ServerSecret.of(secret), Clock.systemUTC(), NonceSource.secure());
        int concurrency = Math.min(atOnce, timelines.size());
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setFollowRedirects(false),
                new PoolOptions().setHttp1MaxSize(concurrency));
        AtomicLong failures = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        long t0 = System.nanoTime();
        List<List<SignedBodies.Call>> lanes = List.copyOf(timelines.values());
        CompletableFuture<?>[] done = new CompletableFuture<?>[concurrency];
        // Each of `concurrency` workers takes whole timelines off a shared cursor and posts each timeline in order.
        AtomicLong nextLane = new AtomicLong();
        for (int w = 0; w < concurrency; w++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done[w] = finished;
            vertx.runOnContext(v -> new Worker(client, signer, endpoint, lanes, nextLane, calls, failures, finished).next());
        }
        CompletableFuture.allOf(done).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        vertx.close().await();
        System.out.printf("bare client: %d calls, %d failed, %.3f s, %.1f req/s, %d timelines, %d at once%n",
                calls.get(), failures.get(), seconds, calls.get() / seconds, timelines.size(), concurrency);
        System.exit(failures.get() == 0 ? 0 : 1);
    }

    private static final class Worker {
        private final WebClient client;
        private final RequestSigner signer;
        private final URI endpoint;
        private final List<List<SignedBodies.Call>> lanes;
        private final AtomicLong nextLane;
        private final AtomicLong calls;
        private final AtomicLong failures;
        private final CompletableFuture<Void> finished;
        private List<SignedBodies.Call> lane = List.of();
        private int at;

        Worker(WebClient client, RequestSigner signer, URI endpoint, List<List<SignedBodies.Call>> lanes,
               AtomicLong nextLane, AtomicLong calls, AtomicLong failures, CompletableFuture<Void> finished) {
            this.client = client;
            this.signer = signer;
            this.endpoint = endpoint;
            this.lanes = lanes;
            this.nextLane = nextLane;
            this.calls = calls;
            this.failures = failures;
            this.finished = finished;
        }

        void next() {
            while (at >= lane.size()) {
                int i = (int) nextLane.getAndIncrement();
                if (i >= lanes.size()) {
                    finished.complete(null);
                    return;
                }
                lane = lanes.get(i);
                at = 0;
            }
            SignedBodies.Call call = lane.get(at++);
            var request = client.post(endpoint.getPort(), endpoint.getHost(), "/");
            signer.commonParameters(call.action().wireName()).forEach(request::addQueryParam);
            request.putHeader("Content-Type", "application/json").timeout(30_000);
            Future<HttpResponse<Buffer>> sent = request.sendBuffer(Buffer.buffer(call.body()));
            sent.onComplete(ar -> {
                calls.incrementAndGet();
                if (ar.failed() || ar.result().statusCode() != 200 || !ar.result().bodyAsString().contains("\"Code\":0")) {
                    if (failures.incrementAndGet() <= 3) {
                        System.err.println("failed: " + (ar.failed() ? ar.cause() : ar.result().bodyAsString()));
                    }
                }
                next();
            });
        }
    }
}
