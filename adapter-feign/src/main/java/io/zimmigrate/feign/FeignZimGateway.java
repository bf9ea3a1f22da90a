package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.gateway.Patience;
import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.core.signing.RequestSigner;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link io.zimmigrate.core.port.ZimGateway} over OpenFeign and the JDK HTTP client: the simplest one to embed. Calls block a thread each,
 * so they run on an executor: the caller's ({@link Builder#executor}), sized to the requests it wants in flight, or
 * a bounded pool the gateway owns and shuts down on {@link #close()}.
 *
 * <pre>{@code
 * ZimGateway zim = FeignZimGateway.builder()
 *         .appId(1234567890L)
 *         .secret(ServerSecret.of(secretFromEnvironment))
 *         .endpoint(ZimEndpoint.region("fra"))
 *         .build();
 * }</pre>
 *
 * All of ZIM's protocol (signing, bodies, codes, outcomes) is core's {@link ZimProtocolGateway}; this class only
 * moves bytes, so it behaves exactly like the Vert.x gateway.
 */
public final class FeignZimGateway extends ZimProtocolGateway {
    /** Threads of the gateway's own pool when the caller gives no executor. */
    public static final int DEFAULT_THREADS = 32;
    /** Requests that may wait for a thread of the gateway's own pool; more are refused (not sent, retry later). */
    public static final int DEFAULT_MAX_QUEUED = 1024;

    private FeignZimGateway(RequestSigner signer, ZimTransport transport, String description, Patience patience,
                         Clock clock) {
        super(signer, transport, description, patience, clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings for a {@link FeignZimGateway}: the shared ones of {@link ZimGatewayBuilder} ({@code appId} and
     * {@code secret} required) and the executor the blocking calls run on.
     */
    public static final class Builder extends ZimGatewayBuilder<Builder> {
        private ExecutorService executor;
        private int threads = DEFAULT_THREADS;
        private int maxQueued = DEFAULT_MAX_QUEUED;
        private feign.Logger.Level logLevel = feign.Logger.Level.NONE;

        private Builder() {}

        /**
         * The caller's executor for the blocking calls, sized to the requests the caller wants in flight. The gateway
         * never shuts it down. Without one the gateway owns a bounded pool ({@link #threads}, {@link #maxQueued}).
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Threads of the gateway's own pool (= requests in flight at most); default 32. Ignored with {@link #executor}. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Requests that may wait for a thread of the gateway's own pool; default 1024. Ignored with {@link #executor}. */
        public Builder maxQueued(int maxQueued) {
            if (maxQueued < 1) {
                throw new IllegalArgumentException("maxQueued must be at least 1, not " + maxQueued);
            }
            this.maxQueued = maxQueued;
            return this;
        }

        /**
         * Feign's own request logging, at SLF4J DEBUG under {@code io.zimmigrate.feign.http}, with the Signature
         * removed; default {@code NONE}. {@code FULL} logs message bodies, i.e. users' messages.
         */
        public Builder logLevel(feign.Logger.Level logLevel) {
            this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
            return this;
        }

        public FeignZimGateway build() {
            RequestSigner signer = signer("FeignZimGateway");
            boolean owns = executor == null;
            ExecutorService pool = owns ? ownPool(threads, maxQueued) : executor;
            FeignTransport transport = new FeignTransport(endpoint(), connectTimeout(), readTimeout(), logLevel, pool, owns);
            return new FeignZimGateway(signer, transport, description("FeignZimGateway"), patience(), clock());
        }

        private static ExecutorService ownPool(int threads, int maxQueued) {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "zim-feign-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(maxQueued), factory, new ThreadPoolExecutor.AbortPolicy());
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
