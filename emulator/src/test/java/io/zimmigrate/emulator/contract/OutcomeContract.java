package io.zimmigrate.emulator.contract;

import static io.zimmigrate.emulator.contract.GatewayCalls.await;
import static io.zimmigrate.emulator.contract.GatewayCalls.done;
import static io.zimmigrate.emulator.contract.GatewayCalls.groupKey;
import static io.zimmigrate.emulator.contract.GatewayCalls.users;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.emulator.Faults;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every outcome from a real answer: an accepted import with its place in the timeline, a lost answer
 * (unknown, landed), the request cap, a wrong secret, a skewed clock, busy, a bare HTTP 500 and a slow answer.
 */
public interface OutcomeContract extends GatewayFixture {
    @Test
    default void anAcceptedImportIsDoneWithItsPlaceInTheTimeline() {
        ZimEmulator zim = emulator();
        ZimProtocolGateway zimGateway = gateway(zim);
        assertThat(done(await(zimGateway.importGroupMessage(groupText("u1", "g1", "first")))).msgSeq()).isEqualTo(1);
        assertThat(done(await(zimGateway.importGroupMessage(groupText("u2", "g1", "second")))).msgSeq()).isEqualTo(2);
        assertThat(zim.timeline(groupKey("g1"))).extracting(StoredMessage::message).containsExactly("first", "second");
        assertThat(zim.requestsReceived("ImportGroupMsg")).isEqualTo(2);
    }

    @Test
    default void aLostAnswerIsUnknownAndTheMessageDidLand() {
        ZimEmulator zim = emulator(c -> c.faults(new Faults(0, 0, 1.0, 0, Duration.ZERO)));
        Outcome<ImportReceipt> outcome = await(gateway(zim).importGroupMessage(groupText("u1", "g1", "lost")));
        assertThat(outcome).isInstanceOf(Outcome.Unknown.class);
        assertThat(zim.timeline(groupKey("g1"))).extracting(StoredMessage::message).containsExactly("lost");
        assertThat(zim.requestsReceived("ImportGroupMsg")).isEqualTo(1);
    }

    @Test
    default void overTheCapIsRetryLater() {
        ZimEmulator zim = emulator(c -> c.qps(2));
        ZimProtocolGateway zimGateway = gateway(zim);
        assertThat(await(zimGateway.importGroupMessage(groupText("u1", "g1", "a")))).isInstanceOf(Outcome.Done.class);
        assertThat(await(zimGateway.importGroupMessage(groupText("u1", "g1", "b")))).isInstanceOf(Outcome.Done.class);
        Outcome<ImportReceipt> third = await(zimGateway.importGroupMessage(groupText("u1", "g1", "c")));
        assertThat(third).isInstanceOf(Outcome.RetryLater.class);
        assertThat(((Outcome.RetryLater<?>) third).code()).isEqualTo(660300005L);
        assertThat(zim.throttledAnswers("ImportGroupMsg")).isEqualTo(1);
        clock().advance(Duration.ofSeconds(1));
        assertThat(await(zimGateway.importGroupMessage(groupText("u1", "g1", "c")))).isInstanceOf(Outcome.Done.class);
        assertThat(zim.timeline(groupKey("g1"))).extracting(StoredMessage::message).containsExactly("a", "b", "c");
    }

    @Test
    default void aWrongSecretIsFatalAfterExactlyOneFreshlySignedRetry() {
        ZimEmulator zim = emulator();
        ZimProtocolGateway wrong = gateway(zim.baseUri(), ServerSecret.of("not-the-secret"), clock(), 4);
        Outcome<ImportReceipt> outcome = await(wrong.importGroupMessage(groupText("u1", "g1", "x")));
        assertThat(outcome).isInstanceOf(Outcome.Fatal.class);
        assertThat(((Outcome.Fatal<?>) outcome).code()).isEqualTo(100000005L);
        assertThat(zim.requestsReceived("ImportGroupMsg")).isEqualTo(2);
        assertThat(zim.timelineKeys()).isEmpty();
        assertThat(outcome.toString()).doesNotContain("not-the-secret").doesNotContain("9193cc662a4c0ec135ec71fb57194b38");
    }

    @Test
    default void aSkewedClockIsResignedOnceThenRetriedLaterNamingTheClock() {
        ZimEmulator zim = emulator();
        ZimProtocolGateway fast = gateway(zim.baseUri(), SECRET, Clock.offset(clock(), Duration.ofMinutes(11)), 4);
        Outcome<ImportReceipt> outcome = await(fast.importGroupMessage(groupText("u1", "g1", "x")));
        assertThat(outcome).isInstanceOf(Outcome.RetryLater.class);
        assertThat(((Outcome.RetryLater<?>) outcome).code()).isEqualTo(100000004L);
        assertThat(((Outcome.RetryLater<?>) outcome).reason()).contains("clock").doesNotContain(SECRET.toString());
        assertThat(zim.requestsReceived("ImportGroupMsg")).isEqualTo(2);
        assertThat(zim.timelineKeys()).isEmpty();
        // Within ZIM's ten minutes of tolerance it goes through.
        ZimProtocolGateway slightlyOff = gateway(zim.baseUri(), SECRET, Clock.offset(clock(), Duration.ofMinutes(-9)), 4);
        assertThat(await(slightlyOff.importGroupMessage(groupText("u1", "g1", "x")))).isInstanceOf(Outcome.Done.class);
    }

    @Test
    default void busyIsRetryLaterAndABare500IsUnknownOnlyForImports() {
        ZimEmulator busy = emulator(c -> c.faults(new Faults(1.0, 0, 0, 0, Duration.ZERO)));
        Outcome<ImportReceipt> b = await(gateway(busy).importGroupMessage(groupText("u1", "g1", "x")));
        assertThat(b).isInstanceOf(Outcome.RetryLater.class);
        assertThat(((Outcome.RetryLater<?>) b).code()).isEqualTo(1L);

        ZimEmulator failing = emulator(c -> c.faults(new Faults(0, 1.0, 0, 0, Duration.ZERO)));
        ZimProtocolGateway zimGateway = gateway(failing);
        assertThat(await(zimGateway.importGroupMessage(groupText("u1", "g1", "x")))).isInstanceOf(Outcome.Unknown.class);
        assertThat(await(zimGateway.importPeerMessage(peerText("u1", "u2", "u1", "x")))).isInstanceOf(Outcome.Unknown.class);
        assertThat(await(zimGateway.queryGroupMessages(new QueryGroupMsgRequest("g1", 10, 0, null))))
                .isInstanceOf(Outcome.RetryLater.class);
        assertThat(await(zimGateway.registerUsers(users("u1")))).isInstanceOf(Outcome.RetryLater.class);
        assertThat(await(zimGateway.createGroup(new CreateGroupRequest("g1", "u1", null, null, null))))
                .isInstanceOf(Outcome.RetryLater.class);
    }

    @Test
    default void aSlowAnswerIsUnknownForAnImportAndRetryLaterForAQuery() {
        ZimEmulator zim = emulator(c -> c.faults(new Faults(0, 0, 0, 1.0, SLOW)));
        ZimProtocolGateway zimGateway = gateway(zim);
        assertThat(await(zimGateway.importGroupMessage(groupText("u1", "g1", "slow")))).isInstanceOf(Outcome.Unknown.class);
        assertThat(await(zimGateway.queryGroupMessages(new QueryGroupMsgRequest("g1", 10, 0, null))))
                .isInstanceOf(Outcome.RetryLater.class);
    }
}
