package io.zimmigrate.vertx;

import io.vertx.core.Vertx;
import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.gateway.Patience;
import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.core.signing.RequestSigner;
import java.time.Clock;
import java.util.Objects;

/**
 * A {@link io.zimmigrate.core.port.ZimGateway} over the Vert.x HTTP client: non-blocking, for applications that already run Vert.x or want
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
public final class VertxZimGateway extends ZimProtocolGateway {
    /** Connections in the pool (= requests in flight at most). */
    public static final int DEFAULT_POOL_SIZE = 32;
    /** Requests that may wait for a pooled connection; more are refused at once (not sent, retry later). */
    public static final int DEFAULT_MAX_WAIT_QUEUE_SIZE = 16;

    private VertxZimGateway(RequestSigner signer, ZimTransport transport, String description, Patience patience,
                         Clock clock) {
        super(signer, transport, description, patience, clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings for a {@link VertxZimGateway}: the shared ones of {@link ZimGatewayBuilder} ({@code appId} and
     * {@code secret} required) and the Vert.x instance and connection pool. With Vert.x, the connect timeout also
     * covers waiting in the pool's queue, and the read timeout is an idle timeout (the next byte of the answer).
     */
    public static final class Builder extends ZimGatewayBuilder<Builder> {
        private Vertx vertx;
        private int poolSize = DEFAULT_POOL_SIZE;
        private int maxWaitQueueSize = DEFAULT_MAX_WAIT_QUEUE_SIZE;

        private Builder() {}

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

        public VertxZimGateway build() {
            RequestSigner signer = signer("VertxZimGateway");
            boolean owns = vertx == null;
            Vertx v = owns ? Vertx.vertx() : vertx;
            VertxTransport transport = new VertxTransport(endpoint(), v, owns, poolSize, maxWaitQueueSize,
                    connectTimeout(), readTimeout());
            return new VertxZimGateway(signer, transport, description("VertxZimGateway"), patience(), clock());
        }
    }
}
