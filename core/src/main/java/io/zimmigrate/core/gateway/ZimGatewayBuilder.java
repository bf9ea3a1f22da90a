package io.zimmigrate.core.gateway;

import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link ZimGateway} by composing core's protocol ({@link ZimProtocolGateway}) with a transport: who we
 * are (AppId and ServerSecret), how requests are signed (clock, nonces), how long ZIM may be gone
 * ({@link Patience}), and the one set of {@link TransportSettings} the transport is opened with. What is special
 * about a transport (its Vert.x, its {@code feign.Client}) is the transport factory's business, not this builder's.
 *
 * <pre>{@code
 * ZimGateway zim = ZimGatewayBuilder.over(VertxTransport.factory())
 *         .appId(1234567890L)
 *         .secret(ServerSecret.of(secretFromEnvironment))
 *         .endpoint(ZimEndpoint.region("fra"))
 *         .build();
 * }</pre>
 */
public final class ZimGatewayBuilder {
    private final ZimTransport.Factory transport;
    private TransportSettings settings = TransportSettings.defaults(ZimEndpoint.DEFAULT);
    private Long appId;
    private ServerSecret secret;
    private Clock clock = Clock.systemUTC();
    private NonceSource nonces;
    private Patience patience = Patience.defaults();

    private ZimGatewayBuilder(ZimTransport.Factory transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** A builder of gateways that send through the transports {@code transport} opens. */
    public static ZimGatewayBuilder over(ZimTransport.Factory transport) {
        return new ZimGatewayBuilder(transport);
    }

    /**
     * The gateway: opens one transport with {@link #settings()} and composes it with the protocol.
     *
     * @throws IllegalStateException when the AppId or the ServerSecret is not set
     */
    public ZimProtocolGateway build() {
        if (appId == null) {
            throw new IllegalStateException("the AppId is not set (ZimGatewayBuilder.appId(...))");
        }
        if (secret == null) {
            throw new IllegalStateException("the ServerSecret is not set (ZimGatewayBuilder.secret(...))");
        }
        RequestSigner signer = new RequestSigner(appId, secret, clock, nonces != null ? nonces : NonceSource.secure());
        ZimTransport opened = Objects.requireNonNull(transport.open(settings), "the transport factory returned null");
        return new ZimProtocolGateway(signer, opened, patience, clock);
    }

    /** All transport settings at once; the single-setting methods below change one of them. */
    public ZimGatewayBuilder settings(TransportSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /** The transport settings as they stand. */
    public TransportSettings settings() {
        return settings;
    }

    /** Where ZIM is; default {@link ZimEndpoint#DEFAULT}. */
    public ZimGatewayBuilder endpoint(ZimEndpoint endpoint) {
        settings = settings.withEndpoint(Objects.requireNonNull(endpoint, "endpoint"));
        return this;
    }

    /** A region short name or a URL; see {@link ZimEndpoint#parse}. */
    public ZimGatewayBuilder endpoint(String regionOrUrl) {
        return endpoint(ZimEndpoint.parse(regionOrUrl));
    }

    /** The app's AppId; required. */
    public ZimGatewayBuilder appId(long appId) {
        this.appId = appId;
        return this;
    }

    /** The app's ServerSecret; required. It signs requests and is never sent, logged or printed. */
    public ZimGatewayBuilder secret(ServerSecret secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
        return this;
    }

    /** The clock signatures are timestamped with, which also times how long a trouble lasts; default UTC. */
    public ZimGatewayBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Where signature nonces come from; default {@link NonceSource#secure()}. */
    public ZimGatewayBuilder nonces(NonceSource nonces) {
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        return this;
    }

    /** See {@link TransportSettings#connectTimeout()}; default 5 s. */
    public ZimGatewayBuilder connectTimeout(Duration connectTimeout) {
        settings = settings.withConnectTimeout(connectTimeout);
        return this;
    }

    /** See {@link TransportSettings#answerDeadline()}: the whole answer, not an idle time; default 15 s. */
    public ZimGatewayBuilder answerDeadline(Duration answerDeadline) {
        settings = settings.withAnswerDeadline(answerDeadline);
        return this;
    }

    /** See {@link TransportSettings#maxInFlight()}; default 64. Give the engine the same number. */
    public ZimGatewayBuilder maxInFlight(int maxInFlight) {
        settings = settings.withMaxInFlight(maxInFlight);
        return this;
    }

    /** See {@link TransportSettings#maxWaiting()}; default 16. */
    public ZimGatewayBuilder maxWaiting(int maxWaiting) {
        settings = settings.withMaxWaiting(maxWaiting);
        return this;
    }

    /**
     * How long the gateway bears ZIM being unreachable, or refusing fresh signatures as expired (a wrong clock),
     * before it answers {@code Fatal} so the run stops resumably; default {@link Patience#defaults()}.
     */
    public ZimGatewayBuilder patience(Patience patience) {
        this.patience = Objects.requireNonNull(patience, "patience");
        return this;
    }
}
