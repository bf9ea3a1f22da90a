package io.zimmigrate.cli.connect;

import io.zimmigrate.cli.CliEnvironment;
import io.zimmigrate.cli.UserException;
import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * An open way to ZIM: the gateway, and for a rehearsal the in-process emulator behind it. Closing it closes both.
 */
public final class Connection implements AutoCloseable {
    /** The AppId a rehearsal uses when none is given. */
    public static final long REHEARSAL_APP_ID = 1;

    private final ZimGateway gateway;
    private final ZimEmulator emulator;
    private final String description;

    private Connection(ZimGateway gateway, ZimEmulator emulator, String description) {
        this.gateway = gateway;
        this.emulator = emulator;
        this.description = description;
    }

    /**
     * Opens what {@code options} ask for. A rehearsal starts an emulator that judges time by {@code clock}, caps at
     * {@code qps}, keeps {@code retentionDays}, and requires provisioned users and groups when {@code provision}.
     */
    public static Connection open(ConnectionOptions options, CliEnvironment env, Clock clock, int qps, int retentionDays,
                                  boolean provision) {
        if (options.endpoint != null && options.region != null) {
            throw new UserException("give --endpoint or --region, not both");
        }
        if (options.rehearsal()) {
            long appId = options.appId != null ? options.appId : REHEARSAL_APP_ID;
            ServerSecret secret = env.variable(io.zimmigrate.cli.options.SecretOptions.ENV).isPresent()
                    || options.secret.hasFile() ? options.secret.resolve(env) : ephemeralSecret();
            ZimEmulator emulator = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(appId).secret(secret)
                    .qps(qps).retentionDays(retentionDays).requireProvisioned(provision).clock(clock).build());
            ZimEndpoint endpoint = ZimEndpoint.parse(emulator.baseUri().toString());
            try {
                return new Connection(gateway(options, endpoint, appId, secret, clock), emulator,
                        "a local ZIM emulator at " + emulator.baseUri() + " (rehearsal: nothing reaches ZIM)");
            } catch (RuntimeException e) {
                emulator.close();
                throw e;
            }
        }
        if (options.appId == null) {
            throw new UserException("--app-id is required with --endpoint or --region");
        }
        ZimEndpoint endpoint;
        try {
            endpoint = ZimEndpoint.parse(options.endpoint != null ? options.endpoint : options.region);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        ServerSecret secret = options.secret.resolve(env);
        return new Connection(gateway(options, endpoint, options.appId, secret, clock), null, "ZIM at " + endpoint);
    }

    private static ZimGateway gateway(ConnectionOptions o, ZimEndpoint endpoint, long appId, ServerSecret secret,
                                      Clock clock) {
        return ZimGatewayBuilder.over(OpenedInBackground.of(o.transport.factory())).settings(o.transportSettings(endpoint))
                .appId(appId).secret(secret).clock(clock).patience(o.patience()).build();
    }

    /** Requests the gateway keeps on the wire at most; the engine keeps the same number in flight. */
    public int maxInFlight() {
        return TransportSettings.DEFAULT_MAX_IN_FLIGHT;
    }

    /** A rehearsal without a configured secret signs with a random one that lives only in this process. */
    private static ServerSecret ephemeralSecret() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return ServerSecret.of(HexFormat.of().formatHex(b));
    }

    public ZimGateway gateway() {
        return gateway;
    }

    public boolean isRehearsal() {
        return emulator != null;
    }

    public ZimEmulator emulator() {
        return emulator;
    }

    /** For the user: where the requests go. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
