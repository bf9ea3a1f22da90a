package io.zimmigrate.bench;

import feign.Feign;
import feign.Headers;
import feign.Request;
import feign.RequestLine;
import feign.Response;
import feign.Retryer;
import feign.http2client.Http2Client;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the Feign transport's CPU goes (docs/performance.md, "What holds back P2 with Feign"): the same import
 * request posted {@code --calls} times to an emulator in another process, through each layer of the Feign
 * transport in turn, and through the Vert.x Web Client for comparison. Reports this process's CPU time per call,
 * best of {@code --rounds} interleaved rounds (the first round of each layer also warms it up).
 *
 * <ul>
 *   <li>{@code vertx}: Vert.x Web Client, {@code --threads} requests in flight (what the Vert.x transport uses);</li>
 *   <li>{@code jdk}: the JDK {@link HttpClient} alone, {@code send} on {@code --threads} threads;</li>
 *   <li>{@code feign-client}: plus Feign's {@link Http2Client} adapter ({@code Request} → {@code HttpRequest});</li>
 *   <li>{@code feign}: plus Feign's proxy, built as the Feign transport builds it (template, retryer, options).</li>
 * </ul>
 *
 * <pre>FeignLayers --endpoint URL [--calls 15000] [--rounds 3] [--threads 32]</pre>
 * A diagnostic with no goal: it prints one line and exits 0, or 2 when a request fails.
 */
public final class FeignLayers {
    private static final byte[] BODY = ("{\"FromUserId\":\"alice\",\"GroupId\":\"group-1\",\"MsgList\":[{\"MsgType\":1,"
            + "\"MsgBody\":{\"Message\":\"hello\"},\"SendMessageTime\":1700000000000}]}").getBytes(StandardCharsets.UTF_8);
    private static final Map<String, Collection<String>> HEADERS = Map.of(
            "Content-Type", List.of("application/json"), "Accept", List.of("application/json"));

    private enum Layer { VERTX, JDK, FEIGN_CLIENT, FEIGN }

    interface Api {
        @RequestLine("POST")
        @Headers({"Content-Type: application/json", "Accept: application/json"})
        Response post(URI uri, byte[] body);
    }

    private FeignLayers() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        String endpoint = args.required("--endpoint");
        int calls = args.integer("--calls", 15_000);
        int rounds = args.integer("--rounds", 3);
        int threads = args.integer("--threads", 32);
        args.done();

        Clients clients = new Clients(endpoint, threads);
        Map<Layer, Double> best = new EnumMap<>(Layer.class);
        try {
            for (int round = 1; round <= rounds; round++) {
                for (Layer layer : Layer.values()) {
                    double micros = clients.cpuMicrosPerCall(layer, calls);
                    Result.note("round " + round + ": " + name(layer) + " " + String.format("%.0f", micros) + " µs/call");
                    best.merge(layer, micros, Math::min);
                }
            }
        } catch (Exception e) {
            Result.broken("P2 Feign layers", "a request failed: " + e);
        } finally {
            clients.close();
        }
        System.out.printf("P2 Feign layers: CPU per call (best of %d rounds, %d calls, %d in flight): vertx %.0f µs, "
                        + "jdk %.0f µs, feign-client %.0f µs, feign %.0f µs INFO%n", rounds, calls, threads,
                best.get(Layer.VERTX), best.get(Layer.JDK), best.get(Layer.FEIGN_CLIENT), best.get(Layer.FEIGN));
    }

    private static String name(Layer layer) {
        return layer.name().toLowerCase().replace('_', '-');
    }

    /** One client per layer, built once, so a round measures calls and not set-up. */
    private static final class Clients {
        private final String endpoint;
        private final int threads;
        private final HttpClient jdk;
        private final Request.Options options = new Request.Options(Duration.ofSeconds(5), Duration.ofSeconds(10), false);
        private final Http2Client feignClient;
        private final Api feign;
        private final Vertx vertx = Vertx.vertx();
        private final WebClient web;
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        Clients(String endpoint, int threads) {
            this.endpoint = endpoint;
            this.threads = threads;
            this.jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
            this.feignClient = new Http2Client(jdk);
            this.feign = Feign.builder().client(feignClient).retryer(Retryer.NEVER_RETRY).options(options)
                    .target(Api.class, endpoint);
            this.web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setFollowRedirects(false),
                    new PoolOptions().setHttp1MaxSize(threads));
        }

        double cpuMicrosPerCall(Layer layer, int calls) throws Exception {
            long cpu0 = os.getProcessCpuTime();
            if (layer == Layer.VERTX) {
                postWithVertx(calls);
            } else {
                postOnThreads(layer, calls);
            }
            return (os.getProcessCpuTime() - cpu0) / 1e3 / calls;
        }

        /** A fresh query for each call, as the transports get one (new nonce and timestamp per attempt). */
        private String uri(int i) {
            return endpoint + "/?Action=ImportGroupMsg&AppId=1&SignatureNonce=" + Long.toHexString(0x1000_0000_0000L + i)
                    + "&Timestamp=" + System.currentTimeMillis() / 1000
                    + "&Signature=0123456789abcdef0123456789abcdef&SignatureVersion=2.0";
        }

        private void postOnThreads(Layer layer, int calls) throws Exception {
            AtomicInteger left = new AtomicInteger(calls);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(() -> {
                        for (int i = left.decrementAndGet(); i >= 0; i = left.decrementAndGet()) {
                            post(layer, uri(i));
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get();
                }
            } finally {
                pool.shutdown();
            }
        }

        private void post(Layer layer, String uri) throws Exception {
            switch (layer) {
                case JDK -> jdk.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json").header("Accept", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                case FEIGN_CLIENT -> drain(feignClient.execute(
                        Request.create(Request.HttpMethod.POST, uri, HEADERS, BODY, null, null), options));
                case FEIGN -> drain(feign.post(URI.create(uri), BODY));
                default -> throw new IllegalArgumentException(layer.name());
            }
        }

        private static void drain(Response response) throws Exception {
            try (response; InputStream in = response.body().asInputStream()) {
                in.readAllBytes();
            }
        }

        /** {@code threads} chains of requests, each posting its next when the previous is answered. */
        private void postWithVertx(int calls) {
            AtomicInteger left = new AtomicInteger(calls);
            List<CompletableFuture<Void>> chains = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                chains.add(done);
                vertx.runOnContext(v -> next(left, done));
            }
            CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join();
        }

        private void next(AtomicInteger left, CompletableFuture<Void> done) {
            int i = left.decrementAndGet();
            if (i < 0) {
                done.complete(null);
                return;
            }
            web.postAbs(uri(i)).timeout(10_000).putHeader("Content-Type", "application/json")
                    .putHeader("Accept", "application/json").sendBuffer(Buffer.buffer(BODY))
                    .onSuccess(r -> next(left, done))
                    .onFailure(done::completeExceptionally);
        }

        void close() {
            vertx.close().await();
        }
    }
}
