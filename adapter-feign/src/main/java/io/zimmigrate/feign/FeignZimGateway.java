package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.QueryPeerMsgRequest;
import io.zimmigrate.core.wire.UserRegisterRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ZimGateway} over OpenFeign and the JDK HTTP client: the simplest one to embed. Calls block a thread each,
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
public final class FeignZimGateway implements ZimGateway {
    /** Threads of the gateway's own pool when the caller gives no executor. */
    public static final int DEFAULT_THREADS = 32;
    /** Requests that may wait for a thread of the gateway's own pool; more are refused (not sent, retry later). */
    public static final int DEFAULT_MAX_QUEUED = 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

    private final ZimProtocolGateway protocol;
    private final String description;

    private FeignZimGateway(ZimProtocolGateway protocol, String description) {
        this.protocol = protocol;
        this.description = description;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<Outcome<ImportReceipt>> importGroupMessage(ImportGroupMsgRequest request) {
        return protocol.importGroupMessage(request);
    }

    @Override
    public CompletionStage<Outcome<ImportReceipt>> importPeerMessage(ImportPeerMsgRequest request) {
        return protocol.importPeerMessage(request);
    }

    @Override
    public CompletionStage<Outcome<Registration>> registerUsers(UserRegisterRequest request) {
        return protocol.registerUsers(request);
    }

    @Override
    public CompletionStage<Outcome<GroupCreation>> createGroup(CreateGroupRequest request) {
        return protocol.createGroup(request);
    }

    @Override
    public CompletionStage<Outcome<MessagePage>> queryGroupMessages(QueryGroupMsgRequest request) {
        return protocol.queryGroupMessages(request);
    }

    @Override
    public CompletionStage<Outcome<MessagePage>> queryPeerMessages(QueryPeerMsgRequest request) {
        return protocol.queryPeerMessages(request);
    }

    /** Shuts down the gateway's own pool (after in-flight requests finish or time out); a caller's executor is left alone. */
    @Override
    public void close() {
        protocol.close();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Settings for a {@link FeignZimGateway}; {@link #appId} and {@link #secret} are required. */
    public static final class Builder {
        private ZimEndpoint endpoint = ZimEndpoint.DEFAULT;
        private Long appId;
        private ServerSecret secret;
        private Clock clock = Clock.systemUTC();
        private NonceSource nonces;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private ExecutorService executor;
        private int threads = DEFAULT_THREADS;
        private int maxQueued = DEFAULT_MAX_QUEUED;
        private feign.Logger.Level logLevel = feign.Logger.Level.NONE;

        private Builder() {}

        /** Where ZIM is; default {@link ZimEndpoint#DEFAULT}. */
        public Builder endpoint(ZimEndpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** A region short name or a URL; see {@link ZimEndpoint#parse}. */
        public Builder endpoint(String regionOrUrl) {
            return endpoint(ZimEndpoint.parse(regionOrUrl));
        }

        public Builder appId(long appId) {
            this.appId = appId;
            return this;
        }

        public Builder secret(ServerSecret secret) {
            this.secret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /** The clock signatures are timestamped with; default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where signature nonces come from; default {@link NonceSource#secure()}. */
        public Builder nonces(NonceSource nonces) {
            this.nonces = Objects.requireNonNull(nonces, "nonces");
            return this;
        }

        /** Time allowed to open a connection; default 5 s. A request that could not connect was not sent. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Time allowed for ZIM's answer once the request is out; default 15 s. When it passes, the request may have
         * been applied: an import becomes {@code Unknown} and must be reconciled, so do not set this too short.
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = positive(readTimeout, "readTimeout");
            return this;
        }

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
            if (appId == null) {
                throw new IllegalStateException("the AppId is not set (FeignZimGateway.builder().appId(...))");
            }
            if (secret == null) {
                throw new IllegalStateException("the ServerSecret is not set (FeignZimGateway.builder().secret(...))");
            }
            RequestSigner signer = new RequestSigner(appId, secret, clock,
                    nonces != null ? nonces : NonceSource.secure());
            boolean owns = executor == null;
            ExecutorService pool = owns ? ownPool(threads, maxQueued) : executor;
            FeignTransport transport = new FeignTransport(endpoint, connectTimeout, readTimeout, logLevel, pool, owns);
            return new FeignZimGateway(new ZimProtocolGateway(signer, transport),
                    "FeignZimGateway[" + endpoint + ", appId=" + appId + "]");
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

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + d);
            }
            return d;
        }
    }
}
