package io.zimmigrate.emulator.contract;

import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.WireBody;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ManualClock;
import io.zimmigrate.emulator.ZimEmulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * What every area of {@link ZimGatewayContract} works with: emulators and gateways on one shared {@link ManualClock},
 * closed after each test, and the requests the cases send. {@link ZimGatewayContract} provides it; the areas
 * ({@link OutcomeContract}, {@link ProvisioningContract}, {@link MessageContract}, {@link DeliveryContract},
 * {@link SchemaContract}) are mixins over it, so each transport's subclass runs every case of every area.
 */
public interface GatewayFixture {
    long APP_ID = 1_234_567_890L;
    ServerSecret SECRET = ServerSecret.of("9193cc662a4c0ec135ec71fb57194b38");
    /**
     * The Vert.x transport's connect timeout also bounds the wait for a pooled connection, so with more calls than
     * connections it is a queueing allowance too: 2 s was missed (a spurious not-sent / maybe-sent) with a load
     * average near 30 on two cores. No test here waits for a connect timeout to happen.
     */
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Generous on purpose: on a busy two-core CI machine a cold JVM's first wave of concurrent requests takes over a
     * second, and a spurious timeout would turn a {@code Done} into an {@code Unknown}.
     */
    Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** Far enough past {@link #READ_TIMEOUT} that a slow answer is surely a timeout. */
    Duration SLOW = READ_TIMEOUT.multipliedBy(2);
    Instant START = Instant.parse("2026-03-01T12:00:00.250Z");
    long HOUR = 3_600_000L;

    /** The clock the emulators and gateways share: signatures, the request cap and the retention window are exact. */
    ManualClock clock();

    /** Closed after the test, last opened first. */
    <T extends AutoCloseable> T closing(T resource);

    /** An uncapped emulator on the shared clock, adjusted by {@code tweak}. */
    ZimEmulator emulator(UnaryOperator<EmulatorConfig.Builder> tweak);

    default ZimEmulator emulator() {
        return emulator(c -> c);
    }

    /** The gateway under test, over its transport, with these settings. */
    ZimProtocolGateway gateway(URI baseUri, ServerSecret secret, Clock gatewayClock, int maxInFlight,
                               Duration connectTimeout, Duration readTimeout);

    default ZimProtocolGateway gateway(ZimEmulator zim) {
        return gateway(zim.baseUri(), SECRET, clock(), 16);
    }

    default ZimProtocolGateway gateway(URI baseUri, ServerSecret secret, Clock gatewayClock, int maxInFlight) {
        return gateway(baseUri, secret, gatewayClock, maxInFlight, READ_TIMEOUT);
    }

    default ZimProtocolGateway gateway(URI baseUri, ServerSecret secret, Clock gatewayClock, int maxInFlight,
                                       Duration readTimeout) {
        return gateway(baseUri, secret, gatewayClock, maxInFlight, CONNECT_TIMEOUT, readTimeout);
    }

    // ---- requests -------------------------------------------------------------------------------------------

    default long anHourAgo() {
        return clock().millis() - HOUR;
    }

    default ImportGroupMsgRequest groupText(String from, String group, String text) {
        return new ImportGroupMsgRequest(from, group, 1, 1, new WireBody(text, null), null, null, anHourAgo());
    }

    default ImportPeerMsgRequest peerText(String from, String to, String importedFor, String text) {
        return new ImportPeerMsgRequest(from, to, 1, 2, new WireBody(text, null), null, null, anHourAgo(), importedFor);
    }
}
