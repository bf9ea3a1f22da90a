package io.zimmigrate.feign;

import feign.Capability;
import feign.Logger;
import feign.http2client.Http2Client;
import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimTransport;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What is Feign's own in a {@link FeignTransport}: the client, capabilities, logging and the executor the blocking
 * calls run on. Timeouts, the in-flight limit and the endpoint come from core's {@link TransportSettings}.
 */
public final class FeignTransportBuilder implements ZimTransport.Factory {
    private feign.Client client;
    private final List<Capability> capabilities = new ArrayList<>();
    private Logger.Level logLevel = Logger.Level.NONE;
    private Consumer<String> logLines;
    private ExecutorService executor;

    FeignTransportBuilder() {}

    /**
     * The HTTP client; default Feign's {@link Http2Client} over a JDK client speaking HTTP/1.1, never following
     * redirects. Whatever client you give: turn its redirects and retries off (OkHttp: {@code followRedirects(false)},
     * {@code retryOnConnectionFailure(false)}); Feign's own retries are off here.
     */
    public FeignTransportBuilder client(feign.Client client) {
        this.client = Objects.requireNonNull(client, "client");
        return this;
    }

    /** A Feign {@link Capability} (e.g. feign-micrometer's), applied in the order added. */
    public FeignTransportBuilder capability(Capability capability) {
        capabilities.add(Objects.requireNonNull(capability, "capability"));
        return this;
    }

    /**
     * Feign's request logging; default {@code NONE}. Lines go to SLF4J at DEBUG under {@code io.zimmigrate.feign.http},
     * or to {@link #logLines}, always with the Signature removed. {@code FULL} logs message bodies, i.e. users'
     * messages.
     */
    public FeignTransportBuilder logLevel(Logger.Level logLevel) {
        this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
        return this;
    }

    /**
     * Where Feign's log lines go instead of SLF4J. A plain {@code feign.Logger} is not taken: Feign logs the request
     * URL, whose Signature is valid for ten minutes, so every line is redacted before it is handed over.
     */
    public FeignTransportBuilder logLines(Consumer<String> logLines) {
        this.logLines = Objects.requireNonNull(logLines, "logLines");
        return this;
    }

    /**
     * The caller's executor for the blocking calls, sized to the requests in flight; never shut down by the
     * transport. Without one each transport owns a pool of {@link TransportSettings#maxInFlight()} threads.
     */
    public FeignTransportBuilder executor(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    @Override
    public ZimTransport open(TransportSettings settings) {
        boolean owns = executor == null;
        ExecutorService pool = owns ? ownPool(settings.maxInFlight(), settings.maxWaiting()) : executor;
        feign.Client c = client != null ? client : jdkClient(settings);
        return new FeignTransport(settings, c, capabilities, new RedactingFeignLogger(logLines), logLevel, pool, owns);
    }

    private static feign.Client jdkClient(TransportSettings settings) {
        // Built to match Feign's Request.Options (connect timeout, no redirects), so Http2Client uses this client.
        return new Http2Client(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                // The client's own steps run on its selector thread instead of hopping through the JDK's default
                // worker pool (a cached pool it makes per client): the calling thread waits in send() and reads the
                // body itself, and Feign's body handler (ofInputStream) never blocks the thread that feeds it. The
                // transport before issue 14 did this; building the client the Feign way had lost it, and P5 with
                // Feign lost ~3 ms per answer (docs/performance.md, "The extra latency per answer").
                .executor(Runnable::run)
                .build());
    }

    private static ExecutorService ownPool(int threads, int waiting) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "zim-feign-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        BlockingQueue<Runnable> queue = waiting == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(waiting);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, queue, factory,
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
