package io.zimmigrate.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.gateway.Patience;
import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.Faults;
import io.zimmigrate.emulator.ZimEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server faults, end to end: the real engine ({@link Migration}) through the gateway under test to the real emulator
 * over real HTTP, on real time. ZIM's answers come slower than the read timeout; the clocks differ by more than
 * ZIM's ten minutes, for good or for a moment. (ZIM gone mid-run and restarted, briefly and for longer than the
 * give-up time, is tested through the real jar with both transports: adapter-cli's {@code ServerFaultsRunIT}.) Each run either survives or stops
 * resumably, and every test ends with every timeline in the emulator exactly as expected: nothing lost, nothing
 * twice, in order.
 *
 * <p>Each transport adapter's tests extend this class and supply their transport.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class ServerFaultsContract {
    private static final long APP_ID = 7;
    private static final String SECRET_TEXT = "server-faults-secret-5f0e1d2c3b4a";
    private static final ServerSecret SECRET = ServerSecret.of(SECRET_TEXT);
    private static final long DAY = 86_400_000L;
    /**
     * The request deadline (the 1 s connect timeout + the longest answer deadline here, 2 s), the least
     * {@code run} allows: this emulator applies a request as it arrives or never, so the default 30 s only made the
     * resume after a clock stop wait before sending again what the stop left in flight (34 s of that test, 8 s now).
     */
    private static final long LANDING_HORIZON_MILLIS = 3_000;

    /** The transport under test, composed here with core's protocol. */
    protected abstract ZimTransport.Factory transport();

    private ZimGateway gateway(ZimEmulator zim, Duration answerDeadline, Patience patience) {
        return ZimGatewayBuilder.over(transport()).maxInFlight(64).endpoint(ZimEndpoint.of(zim.baseUri()))
                .appId(APP_ID).secret(SECRET).clock(Clock.systemUTC()).connectTimeout(Duration.ofSeconds(1))
                .answerDeadline(answerDeadline).patience(patience).build();
    }

    private static ZimEmulator emulator(UnaryOperator<EmulatorConfig.Builder> tweak) {
        return ZimEmulator.start(tweak.apply(EmulatorConfig.builder().port(0).appId(APP_ID).secret(SECRET).qps(20)
                .seed(11)).build());
    }

    private static Migration migration(FaultHistory history, ZimGateway gateway, InMemoryJournal journal) {
        return Migration.builder().source(history).gateway(gateway).journal(journal).clock(Clock.systemUTC())
                .qps(20).maxInFlight(64).reconcileDelayMillis(300).landingHorizonMillis(LANDING_HORIZON_MILLIS)
                .drainMillis(5_000).build();
    }

    private static FaultHistory history(int messages, long seed) {
        return new FaultHistory(messages, System.currentTimeMillis() - DAY, seed);
    }

    private static CompletableFuture<MigrationReport> runInBackground(Migration migration) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return migration.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitLanded(ZimEmulator zim, long atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (FaultHistory.landed(zim) < atLeast && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(FaultHistory.landed(zim)).as("landed before the fault").isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void answersSlowerThanTheReadTimeoutAreReconciledAndNeverImportedTwice() throws Exception {
        FaultHistory history = history(40, 1);
        try (ZimEmulator zim = emulator(c -> c.faults(new Faults(0, 0, 0, 0.25, Duration.ofMillis(900))));
             ZimGateway gateway = gateway(zim, Duration.ofMillis(300), Patience.defaults())) {
            MigrationReport report = migration(history, gateway, new InMemoryJournal()).run();

            assertThat(report.complete()).as("%s", report).isTrue();
            assertThat(report.imported()).isEqualTo(history.importCalls());
            // The emulator stores an import before it delays the answer: each timed-out import landed and was found.
            assertThat(report.unknownOutcomes()).isPositive();
            assertThat(report.reconciledLanded()).isPositive();
            history.assertLandedExactly(zim);
        }
    }

    @Test
    void aClockOffBeyondZimsToleranceStopsNamingTheClockAndResumesOnceItIsRight() throws Exception {
        FaultHistory history = history(40, 4);
        InMemoryJournal journal = new InMemoryJournal();
        SkewableClock serverTime = new SkewableClock();
        try (ZimEmulator zim = emulator(c -> c.clock(serverTime).answerDelay(Duration.ofMillis(20)))) {
            Patience patience = Patience.defaults().withClockSkew(Duration.ofMillis(1_500));
            try (ZimGateway gateway = gateway(zim, Duration.ofSeconds(2), patience)) {
                CompletableFuture<MigrationReport> run = runInBackground(migration(history, gateway, journal));
                awaitLanded(zim, 10);
                serverTime.skew(Duration.ofMinutes(11)); // this machine is now 11 minutes behind ZIM

                MigrationReport stopped = run.get(60, TimeUnit.SECONDS);
                assertThat(stopped.stoppedEarly()).as("%s", stopped).isTrue();
                assertThat(stopped.stopReason()).contains("100000004").contains("clock").contains("10 minutes")
                        .doesNotContain(SECRET_TEXT);
            }

            serverTime.skew(Duration.ZERO); // the clock is put right
            try (ZimGateway gateway = gateway(zim, Duration.ofSeconds(2), patience)) {
                MigrationReport resumed = migration(history, gateway, journal).run();
                assertThat(resumed.complete()).as("%s", resumed).isTrue();
                assertThat(resumed.alreadyDone()).isPositive();
            }
            history.assertLandedExactly(zim);
        }
    }

    @Test
    void aClockOffForAMomentCostsAPauseNotTheRun() throws Exception {
        FaultHistory history = history(40, 5);
        SkewableClock serverTime = new SkewableClock();
        try (ZimEmulator zim = emulator(c -> c.clock(serverTime).answerDelay(Duration.ofMillis(20)));
             ZimGateway gateway = gateway(zim, Duration.ofSeconds(2), Patience.defaults())) {
            CompletableFuture<MigrationReport> run = runInBackground(migration(history, gateway, new InMemoryJournal()));
            awaitLanded(zim, 10);
            serverTime.skew(Duration.ofMinutes(-11));
            Thread.sleep(800);
            serverTime.skew(Duration.ZERO);

            MigrationReport report = run.get(60, TimeUnit.SECONDS);
            assertThat(report.complete()).as("%s", report).isTrue();
            assertThat(report.retries()).isPositive();
            history.assertLandedExactly(zim);
        }
    }

    @Test
    void whenZimCallsAnExpiredSignatureInvalidTheStopStillNamesTheClock() throws Exception {
        FaultHistory history = history(10, 6);
        SkewableClock serverTime = new SkewableClock();
        serverTime.skew(Duration.ofMinutes(30));
        try (ZimEmulator zim = emulator(c -> c.clock(serverTime).expiredSignatureCode(EmulatorConfig.SIGNATURE_INVALID));
             ZimGateway gateway = gateway(zim, Duration.ofSeconds(2), Patience.defaults())) {
            MigrationReport report = migration(history, gateway, new InMemoryJournal()).run();

            assertThat(report.stoppedEarly()).isTrue();
            assertThat(report.stopReason()).contains("100000005").contains("clock").doesNotContain(SECRET_TEXT);
            assertThat(zim.timelineKeys()).isEmpty();
        }
    }
}
