package io.zimmigrate.vertx;

import io.vertx.core.Vertx;
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
import java.util.concurrent.CompletionStage;

/**
 * A {@link ZimGateway} over the Vert.x HTTP client: non-blocking, for applications that already run Vert.x or want
 * many requests in flight without a thread each. Give it your {@link Vertx} ({@link Builder#vertx}), which it never
 * closes; without one it starts its own and closes it on {@link #close()}.
 *
 * <pre>{@code
 * ZimGateway zim = VertxZimGateway.builder()
 *         .vertx(vertx)
 *         .appId(1234567890L)
 *         .secret(ServerSecret.of(secretFromEnvironment))
 *         .poolSize(32)
 *         .build();
 * }</pre>
 *
 * Stages complete on a Vert.x event-loop thread: do not block in what you chain onto them.
 * All of ZIM's protocol is core's {@link ZimProtocolGateway}; this class only moves bytes, so it behaves exactly
 * like the Feign gateway.
 */
public final class VertxZimGateway implements ZimGateway {
    /** Connections in the pool (= requests in flight at most). */
    public static final int DEFAULT_POOL_SIZE = 32;
    /** Requests that may wait for a pooled connection; more are refused at once (not sent, retry later). */
    public static final int DEFAULT_MAX_WAIT_QUEUE_SIZE = 16;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

    private final ZimProtocolGateway protocol;
    private final String description;

    private VertxZimGateway(ZimProtocolGateway protocol, String description) {
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

    /** Closes the HTTP client, and the Vert.x instance if the gateway started it; a caller's Vert.x stays open. */
    @Override
    public void close() {
        protocol.close();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Settings for a {@link VertxZimGateway}; {@link #appId} and {@link #secret} are required. */
    public static final class Builder {
        private ZimEndpoint endpoint = ZimEndpoint.DEFAULT;
        private Long appId;
        private ServerSecret secret;
        private Clock clock = Clock.systemUTC();
        private NonceSource nonces;
        private Vertx vertx;
        private int poolSize = DEFAULT_POOL_SIZE;
        private int maxWaitQueueSize = DEFAULT_MAX_WAIT_QUEUE_SIZE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;

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

        /** Your Vert.x instance; the gateway never closes it. Without one the gateway starts (and closes) its own. */
        public Builder vertx(Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            return this;
        }

        /** Pooled connections = requests in flight at most; size it to what the engine keeps in flight. Default 32. */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize must be at least 1, not " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /**
         * Requests that may wait for a connection; default 16. Keep it small: a long queue holds paced requests back
         * and then releases them in a burst. Requests beyond it end at once as not sent (retry later).
         */
        public Builder maxWaitQueueSize(int maxWaitQueueSize) {
            if (maxWaitQueueSize < 0) {
                throw new IllegalArgumentException("maxWaitQueueSize must not be negative, not " + maxWaitQueueSize);
            }
            this.maxWaitQueueSize = maxWaitQueueSize;
            return this;
        }

        /** Time allowed to get a connection (opening one, or waiting in the pool queue); default 5 s. Not sent after. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Idle timeout of each request: how long to wait for (the next byte of) ZIM's answer; default 15 s. When it
         * passes, the request may have been applied: an import becomes {@code Unknown} and must be reconciled.
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = positive(readTimeout, "readTimeout");
            return this;
        }

        public VertxZimGateway build() {
            if (appId == null) {
                throw new IllegalStateException("the AppId is not set (VertxZimGateway.builder().appId(...))");
            }
            if (secret == null) {
                throw new IllegalStateException("the ServerSecret is not set (VertxZimGateway.builder().secret(...))");
            }
            RequestSigner signer = new RequestSigner(appId, secret, clock,
                    nonces != null ? nonces : NonceSource.secure());
            boolean owns = vertx == null;
            Vertx v = owns ? Vertx.vertx() : vertx;
            VertxTransport transport = new VertxTransport(endpoint, v, owns, poolSize, maxWaitQueueSize,
                    connectTimeout, readTimeout);
            return new VertxZimGateway(new ZimProtocolGateway(signer, transport),
                    "VertxZimGateway[" + endpoint + ", appId=" + appId + "]");
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
