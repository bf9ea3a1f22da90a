package io.zimmigrate.emulator.contract;

import io.vertx.core.Vertx;
import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ManualClock;
import io.zimmigrate.emulator.ZimEmulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link ZimGateway} must do, checked against the real emulator over real HTTP. Each gateway adapter's
 * tests extend this class and implement {@link #newGateway}; the same tests, the same emulator and the same
 * expectations for every transport are what "identical behaviour" means here.
 *
 * <p>The cases are grouped by area, one mixin each, and this class runs them all: every outcome from a real answer
 * ({@link OutcomeContract}), users and groups ({@link ProvisioningContract}), bodies, views and paging
 * ({@link MessageContract}), requests in flight and at most one POST per call ({@link DeliveryContract}), and the
 * official schemas ({@link SchemaContract}). This class is their {@link GatewayFixture}.
 *
 * <p>The emulator and the gateway share a {@link ManualClock}, so signatures, the request cap and the retention
 * window are exact; faults, delays and timeouts run on real time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class ZimGatewayContract implements OutcomeContract, ProvisioningContract, MessageContract,
        DeliveryContract, SchemaContract {
    /** Everything the gateway under test is built from. */
    public record GatewaySetup(URI baseUri, long appId, ServerSecret secret, Clock clock, Duration connectTimeout,
                               Duration readTimeout, int maxInFlight) {}

    /** Builds the gateway under test; {@code maxInFlight} is how many requests it must be able to keep in flight. */
    protected abstract ZimGateway newGateway(GatewaySetup setup);

    private static Vertx emulatorVertx;
    private final ManualClock clock = new ManualClock(START);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        emulatorVertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        emulatorVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /**
     * The protocol gateway behind a transport's public gateway: these tests speak ZIM's wire requests, which the
     * port ({@link ZimGateway}) no longer does.
     */
    protected static ZimProtocolGateway protocol(ZimGateway gateway) {
        return (ZimProtocolGateway) gateway;
    }

    @Override
    public ManualClock clock() {
        return clock;
    }

    @Override
    public <T extends AutoCloseable> T closing(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public ZimEmulator emulator(UnaryOperator<EmulatorConfig.Builder> tweak) {
        EmulatorConfig.Builder config = EmulatorConfig.builder().port(0).appId(APP_ID).secret(SECRET).clock(clock)
                .qps(0).seed(7);
        return closing(ZimEmulator.start(tweak.apply(config).build(), emulatorVertx));
    }

    @Override
    public ZimProtocolGateway gateway(URI baseUri, ServerSecret secret, Clock gatewayClock, int maxInFlight,
                                      Duration connectTimeout, Duration readTimeout) {
        return closing(protocol(newGateway(new GatewaySetup(baseUri, APP_ID, secret, gatewayClock, connectTimeout,
                readTimeout, maxInFlight))));
    }
}
