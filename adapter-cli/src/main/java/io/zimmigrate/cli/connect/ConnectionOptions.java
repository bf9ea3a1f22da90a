package io.zimmigrate.cli.connect;

import io.zimmigrate.cli.UserException;
import io.zimmigrate.cli.options.SecretOptions;
import io.zimmigrate.core.gateway.Patience;
import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimEndpoint;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where requests go and how: ZIM's endpoint (or a region, or neither for a rehearsal against an in-process
 * emulator), the AppId, the secret, the transport and its timeouts. Shared by {@code run} and {@code verify}.
 */
public final class ConnectionOptions {

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "ZIM's base URL, e.g. https://zim-api.zego.im (plain http only for loopback addresses).")
    String endpoint;

    @Option(names = "--region", paramLabel = "NAME",
            description = "A regional ZIM host by short name: sha, hkg, fra, lax, bom, sgp.")
    String region;

    @Option(names = "--app-id", paramLabel = "N", description = "The app's AppId (required unless rehearsing).")
    Long appId;

    @Option(names = "--transport", paramLabel = "vertx|feign", defaultValue = "vertx",
            description = "HTTP stack: vertx (non-blocking, default) or feign (blocking on a thread pool).")
    Transport transport;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Give up connecting after this long (the request was not sent; retried). Default: ${DEFAULT-VALUE}.")
    int connectTimeoutSeconds;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Give up on an answer not fully received this long after the request went out, however "
                    + "it trickles in (the import may have landed; reconciled). Default: ${DEFAULT-VALUE}.")
    int readTimeoutSeconds;

    @Option(names = "--give-up-after", paramLabel = "SECONDS",
            description = "Stop (exit 3, resumable) once ZIM has given no answer at all for this long, or has refused "
                    + "freshly signed requests as expired (this machine's clock is off) for this long. Default: 600 "
                    + "without answers, 60 for the clock.")
    Integer giveUpAfterSeconds;

    @Mixin
    SecretOptions secret;

    /** Bad values are usage errors (exit 2), said before anything connects. */
    public void check(picocli.CommandLine cmd) {
        String bad = appId != null && appId <= 0 ? "--app-id must be a positive AppId, not " + appId
                : connectTimeoutSeconds < 1 ? "--connect-timeout must be at least 1 second, not " + connectTimeoutSeconds
                : readTimeoutSeconds < 1 ? "--read-timeout must be at least 1 second, not " + readTimeoutSeconds
                : giveUpAfterSeconds != null && giveUpAfterSeconds < 1
                ? "--give-up-after must be at least 1 second, not " + giveUpAfterSeconds : null;
        if (bad != null) {
            throw new picocli.CommandLine.ParameterException(cmd, bad);
        }
    }

    /** Which app on which ZIM (AppId and endpoint or region, as given): what a default journal is kept per. */
    public String target() {
        return target(appId, endpoint, region);
    }

    /** {@link #target()} for options given elsewhere ({@code status} finds a run's default journal by it). */
    public static String target(Long appId, String endpoint, String region) {
        return "app-" + appId + "@" + (endpoint != null ? endpoint.trim() : region == null ? "rehearsal" : region);
    }

    /** No endpoint and no region: the command runs against an in-process emulator. */
    public boolean rehearsal() {
        return endpoint == null && region == null;
    }

    /**
     * Whether requests stay on this machine: a rehearsal, or an endpoint on a loopback address (an emulator
     * started with {@code zim-migrate emulate}). ZIM itself is never there, so what would be unsafe against ZIM
     * (sending uncapped) is allowed.
     */
    public boolean local() {
        if (rehearsal()) {
            return true;
        }
        if (endpoint == null) {
            return false;
        }
        try {
            String host = URI.create(endpoint.trim()).getHost();
            if (host == null) {
                return false;
            }
            // Names other than localhost are not resolved: a name could point anywhere tomorrow.
            return ZimEndpoint.isLoopback(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    Duration connectTimeout() {
        return Duration.ofSeconds(connectTimeoutSeconds);
    }

    /** The one set of transport settings: the timeouts given here, the in-flight limit and wait queue defaults. */
    TransportSettings transportSettings(ZimEndpoint endpoint) {
        return TransportSettings.defaults(endpoint).withConnectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                .withAnswerDeadline(Duration.ofSeconds(readTimeoutSeconds));
    }

    /** How long a run goes on without any answer before it stops (for what it tells the operator). */
    public Duration outageLimit() {
        return patience().outage();
    }

    /** How long the gateway bears an outage or a wrong clock; {@code --give-up-after} sets both limits. */
    Patience patience() {
        if (giveUpAfterSeconds == null) {
            return Patience.defaults();
        }
        if (giveUpAfterSeconds < 1) {
            throw new UserException("--give-up-after must be at least 1 second, not " + giveUpAfterSeconds);
        }
        Duration d = Duration.ofSeconds(giveUpAfterSeconds);
        return new Patience(d, d);
    }
}
