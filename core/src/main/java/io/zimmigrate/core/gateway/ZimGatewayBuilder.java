package io.zimmigrate.core.gateway;

import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every transport's gateway builder shares: where ZIM is, who we are (AppId and ServerSecret), how
 * requests are signed (clock, nonces) and how long to wait. A transport adds its own settings (threads, pools) in
 * a subclass; {@code B} is that subclass, so chained calls keep its type.
 *
 * @param <B> the concrete builder
 */
public abstract class ZimGatewayBuilder<B extends ZimGatewayBuilder<B>> {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

    private ZimEndpoint endpoint = ZimEndpoint.DEFAULT;
    private Long appId;
    private ServerSecret secret;
    private Clock clock = Clock.systemUTC();
    private NonceSource nonces;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Patience patience = Patience.defaults();

    protected ZimGatewayBuilder() {}

    /** The gateway with these settings. */
    public abstract ZimGateway build();

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Where ZIM is; default {@link ZimEndpoint#DEFAULT}. */
    public B endpoint(ZimEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        return self();
    }

    /** A region short name or a URL; see {@link ZimEndpoint#parse}. */
    public B endpoint(String regionOrUrl) {
        return endpoint(ZimEndpoint.parse(regionOrUrl));
    }

    /** The app's AppId; required. */
    public B appId(long appId) {
        this.appId = appId;
        return self();
    }

    /** The app's ServerSecret; required. It signs requests and is never sent, logged or printed. */
    public B secret(ServerSecret secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
        return self();
    }

    /** The clock signatures are timestamped with; default the system clock (UTC). */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /** Where signature nonces come from; default {@link NonceSource#secure()}. */
    public B nonces(NonceSource nonces) {
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        return self();
    }

    /**
     * Time allowed to get a connection; default 5 s. A request that could not get one was not sent, so it is
     * safely tried again.
     */
    public B connectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        return self();
    }

    /**
     * Time allowed for ZIM's answer once the request is out; default 15 s. When it passes, the request may have been
     * applied: an import becomes {@code Unknown} and is reconciled, so do not set this too short.
     */
    public B readTimeout(Duration readTimeout) {
        this.readTimeout = positive(readTimeout, "readTimeout");
        return self();
    }

    /**
     * How long the gateway bears ZIM being unreachable, or refusing fresh signatures as expired (a wrong clock),
     * before it answers {@code Fatal} so the run stops resumably; default {@link Patience#defaults()} (10 minutes
     * and 1 minute).
     */
    public B patience(Patience patience) {
        this.patience = Objects.requireNonNull(patience, "patience");
        return self();
    }

    protected Patience patience() {
        return patience;
    }

    /** The clock signatures are stamped with, which also times how long a trouble lasts. */
    protected Clock clock() {
        return clock;
    }

    protected ZimEndpoint endpoint() {
        return endpoint;
    }

    protected Duration connectTimeout() {
        return connectTimeout;
    }

    protected Duration readTimeout() {
        return readTimeout;
    }

    /**
     * The signer for the gateway being built.
     *
     * @param gateway the gateway's class name, for the message when the AppId or secret is missing
     * @throws IllegalStateException when the AppId or the ServerSecret is not set
     */
    protected RequestSigner signer(String gateway) {
        if (appId == null) {
            throw new IllegalStateException("the AppId is not set (" + gateway + ".builder().appId(...))");
        }
        if (secret == null) {
            throw new IllegalStateException("the ServerSecret is not set (" + gateway + ".builder().secret(...))");
        }
        return new RequestSigner(appId, secret, clock, nonces != null ? nonces : NonceSource.secure());
    }

    /** How the built gateway shows itself: its name, the endpoint and the AppId; never the secret. */
    protected String description(String gateway) {
        return gateway + "[" + endpoint + ", appId=" + appId + "]";
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
        return d;
    }
}
