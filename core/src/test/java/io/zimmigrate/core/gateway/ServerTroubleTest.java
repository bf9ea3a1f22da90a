package io.zimmigrate.core.gateway;

import static io.zimmigrate.core.gateway.ZimProtocolGatewayTest.await;
import static io.zimmigrate.core.gateway.ZimProtocolGatewayTest.groupImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Server faults that no single request can tell from a blip: ZIM gone (no answer at all) and a clock so far off that
 * ZIM refuses every fresh signature as expired. The gateway rides each out for its {@link Patience}, then says
 * {@link Outcome.Fatal} so the run stops resumably instead of retrying for ever.
 */
class ServerTroubleTest {
    private static final String SECRET_TEXT = "9193cc662a4c0ec135ec71fb57194b38";
    private static final Patience PATIENCE = new Patience(Duration.ofSeconds(60), Duration.ofSeconds(20));

    /** A clock a test moves by hand. */
    static final class MovableClock extends Clock {
        private volatile long millis = 1_615_186_943_000L;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final MovableClock clock = new MovableClock();
    final ScriptedTransport transport = new ScriptedTransport();
    final ZimProtocolGateway gateway = gateway(transport, clock);

    static ZimProtocolGateway gateway(ScriptedTransport transport, Clock clock) {
        return new ZimProtocolGateway(new RequestSigner(12345, ServerSecret.of(SECRET_TEXT), clock, NonceSource.secure()),
                transport, PATIENCE, clock);
    }

    @Test
    void anExpiredSignatureIsResignedOnceAndGoesThroughWhenTheFreshOneIsAccepted() {
        transport.answerCode(ZimCodes.SIGNATURE_EXPIRED)
                .answer(200, "{\"Code\":0,\"Message\":\"success\",\"RequestId\":\"1\",\"MsgSeq\":9,\"MsgId\":\"m\"}");
        assertThat(await(gateway.importGroupMessage(groupImport()))).isEqualTo(new Outcome.Done<>(new ImportReceipt(9, "m")));
        assertThat(transport.sent()).hasSize(2);
        assertThat(transport.sent().get(0).query().get("SignatureNonce"))
                .isNotEqualTo(transport.sent().get(1).query().get("SignatureNonce"));
    }

    @Test
    void aClockOffForLongerThanThePatienceIsFatalNamingTheClockNeverTheSecret() {
        for (int i = 0; i < 3; i++) {
            transport.answerCode(ZimCodes.SIGNATURE_EXPIRED).answerCode(ZimCodes.SIGNATURE_EXPIRED);
            Outcome<ImportReceipt> o = await(gateway.importGroupMessage(groupImport()));
            assertThat(o).isInstanceOf(Outcome.RetryLater.class);
            assertThat(((Outcome.RetryLater<?>) o).reason()).contains("clock");
            clock.advance(9_000);
        }
        // Queries (reconciliation) and every other call count towards the same spell: the clock is one.
        transport.answerCode(ZimCodes.SIGNATURE_EXPIRED).answerCode(ZimCodes.SIGNATURE_EXPIRED);
        Outcome<?> fatal = await(gateway.queryGroupMessages(new QueryGroupMsgRequest("g1", 20, 0, null)));
        assertThat(fatal).isInstanceOf(Outcome.Fatal.class);
        Outcome.Fatal<?> f = (Outcome.Fatal<?>) fatal;
        assertThat(f.code()).isEqualTo(ZimCodes.SIGNATURE_EXPIRED);
        assertThat(f.message()).contains("clock").contains("10 minutes").contains("run the same command again")
                .doesNotContain(SECRET_TEXT);
    }

    @Test
    void aClockPutRightWithinThePatienceStartsTheCountAfresh() {
        transport.answerCode(ZimCodes.SIGNATURE_EXPIRED).answerCode(ZimCodes.SIGNATURE_EXPIRED);
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.RetryLater.class);
        clock.advance(15_000);
        transport.answerCode(1); // busy: the signature passed, so the clock is right again
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.RetryLater.class);
        clock.advance(15_000);
        transport.answerCode(ZimCodes.SIGNATURE_EXPIRED).answerCode(ZimCodes.SIGNATURE_EXPIRED);
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.RetryLater.class);
    }

    @Test
    void anInvalidSignatureTwiceNamesTheClockAmongTheCauses() {
        transport.answerCode(ZimCodes.SIGNATURE_INVALID).answerCode(ZimCodes.SIGNATURE_INVALID);
        Outcome<ImportReceipt> o = await(gateway.importGroupMessage(groupImport()));
        assertThat(o).isInstanceOf(Outcome.Fatal.class);
        assertThat(((Outcome.Fatal<?>) o).message()).contains("ServerSecret").contains("clock").doesNotContain(SECRET_TEXT);
    }

    @Test
    void noAnswerForLongerThanThePatienceIsFatalAndAnImportsFateStaysForTheJournal() {
        transport.then(new TransportResult.NotSent("Connection refused"));
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.RetryLater.class);
        clock.advance(30_000);
        transport.then(new TransportResult.MaybeSent("Connection reset"));
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.Unknown.class);
        clock.advance(29_999);
        transport.then(new TransportResult.Answered(502, new byte[0]));
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.Unknown.class);
        clock.advance(1);
        transport.then(new TransportResult.NotSent("Connection refused"));
        Outcome<ImportReceipt> o = await(gateway.importGroupMessage(groupImport()));
        assertThat(o).isInstanceOf(Outcome.Fatal.class);
        assertThat(((Outcome.Fatal<?>) o).message()).startsWith("nothing for 60 s (no ZIM answer at all")
                .contains("Connection refused").contains("run the same command again to resume");
    }

    @Test
    void aRefusalThatIsNotOurFaultIsStillFatalOnlyWhenItIs() {
        // A 4xx without a ZIM body is about the endpoint, not an outage: fatal at once, as before.
        transport.then(new TransportResult.Answered(404, new byte[0]));
        assertThat(await(gateway.importGroupMessage(groupImport()))).isInstanceOf(Outcome.Fatal.class);
    }

    /**
     * Over any interleaving of failures (not sent, maybe sent, bare 502) and ZIM answers at any spacing: the outcome
     * is fatal exactly when ZIM has given no answer since the first failure of the current spell for at least the
     * patience, and otherwise what it was before (retry later, or unknown for a maybe-sent import).
     */
    @Test
    void fatalExactlyWhenTheSpellWithoutAZimAnswerReachesThePatience() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 3)).ofSizeBetween(1, 40),
                        lists().of(integers().between(0, 25_000)).ofSize(40))
                .checkAssert((kinds, gaps) -> {
                    MovableClock c = new MovableClock();
                    ScriptedTransport t = new ScriptedTransport();
                    ZimProtocolGateway g = gateway(t, c);
                    Long spellStart = null;
                    for (int i = 0; i < kinds.size(); i++) {
                        c.advance(gaps.get(i));
                        int kind = kinds.get(i);
                        switch (kind) {
                            case 0 -> t.then(new TransportResult.NotSent("refused"));
                            case 1 -> t.then(new TransportResult.MaybeSent("reset"));
                            case 2 -> t.then(new TransportResult.Answered(502, new byte[0]));
                            default -> t.answerCode(1);
                        }
                        Outcome<ImportReceipt> o = await(g.importGroupMessage(groupImport()));
                        if (kind == 3) {
                            spellStart = null;
                            assertThat(o).isInstanceOf(Outcome.RetryLater.class);
                            continue;
                        }
                        if (spellStart == null) {
                            spellStart = c.millis();
                        }
                        boolean overdue = c.millis() - spellStart >= PATIENCE.outage().toMillis();
                        Class<?> usual = kind == 0 ? Outcome.RetryLater.class : Outcome.Unknown.class;
                        assertThat(o).isInstanceOf(overdue ? Outcome.Fatal.class : usual);
                    }
                });
    }

    @Test
    void patienceMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Patience.defaults().withOutage(Duration.ZERO))
                .hasMessageContaining("outage");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Patience.defaults().withClockSkew(Duration.ofSeconds(-1)))
                .hasMessageContaining("clockSkew");
        assertThat(Patience.defaults()).isEqualTo(new Patience(Duration.ofMinutes(10), Duration.ofMinutes(1)));
        assertThat(List.of(Patience.DEFAULT_OUTAGE, Patience.DEFAULT_CLOCK_SKEW)).allMatch(d -> d.toSeconds() >= 60);
    }
}
