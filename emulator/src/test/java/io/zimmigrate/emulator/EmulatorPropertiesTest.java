package io.zimmigrate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.zimmigrate.core.signing.ServerSecret;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Invariants of the emulator's pieces over generated inputs (no HTTP, so thousands of cases stay fast). */
class EmulatorPropertiesTest {

    @Test
    void pagingWithAnyLimitVisitsEveryMessageOnceNewestFirst() {
        qt().forAll(integers().between(0, 250), integers().between(1, 100)).checkAssert((count, limit) -> {
            ZimState state = new ZimState();
            for (int i = 0; i < count; i++) {
                state.append("g:x", new ZimState.Arrival("u", 1, null, "m" + i, null, null, i, 1));
            }
            List<Long> seen = new ArrayList<>();
            long next = 0;
            int pages = 0;
            do {
                ZimState.Page page = state.page("g:x", limit, next);
                assertThat(page.newestFirst().size()).isLessThanOrEqualTo(limit);
                page.newestFirst().forEach(m -> seen.add(m.msgSeq()));
                next = page.next();
                pages++;
            } while (next != 0 && pages <= count + 1);
            List<Long> expected = new ArrayList<>();
            for (long s = count; s >= 1; s--) {
                expected.add(s);
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(pages).isEqualTo(Math.max(1, (count + limit - 1) / limit));
        });
    }

    @Test
    void theEmulatorAcceptsExactlyTheIndependentlyComputedSignature() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        qt().forAll(longs().between(0, 0xFFFF_FFFFL), longs().all(),
                strings().basicLatinAlphabet().ofLengthBetween(16, 64), integers().between(-600, 600))
                .assuming((app, nonce, secret, skew) -> !secret.isBlank() && secret.strip().equals(secret))
                .checkAssert((appId, nonceBits, secret, skew) -> {
                    Authenticator auth = new Authenticator(appId, ServerSecret.of(secret), clock);
                    String nonce = String.format("%016x", nonceBits);
                    long ts = now.getEpochSecond() + skew;
                    String signature = TestSigner.sign(appId, nonce, secret, ts);
                    Map<String, String> query = Map.of("AppId", Long.toString(appId), "SignatureNonce", nonce,
                            "Timestamp", Long.toString(ts), "Signature", signature, "SignatureVersion", "2.0");

                    assertThat(auth.refusal(query::get)).isEmpty();

                    String tampered = (signature.charAt(0) == '0' ? '1' : '0') + signature.substring(1);
                    Map<String, String> bad = new java.util.HashMap<>(query);
                    bad.put("Signature", tampered);
                    assertThat(auth.refusal(bad::get)).hasValueSatisfying(a -> {
                        assertThat(a.code()).isEqualTo(Codes.SIGNATURE_INVALID);
                        assertThat(a.body().toString()).doesNotContain(secret);
                    });
                });
    }

    @Test
    void theCapNeverLetsMoreThanQpsThroughInAnyWallClockSecond() {
        qt().forAll(integers().between(1, 30), longs().between(0, 5_000)).checkAssert((qps, seed) -> {
            RequestCap cap = new RequestCap(qps);
            java.util.Random random = new java.util.Random(seed);
            long t = 1_000_000;
            java.util.Map<Long, Integer> perSecond = new java.util.HashMap<>();
            for (int i = 0; i < 300; i++) {
                t += random.nextInt(60);
                if (cap.tryAccept("ImportGroupMsg", t)) {
                    perSecond.merge(t / 1000, 1, Integer::sum);
                }
            }
            assertThat(perSecond.values()).allMatch(n -> n <= qps);
        });
    }

    @Test
    void faultRollsDependOnlyOnTheSeed() {
        qt().forAll(longs().all()).checkAssert(seed -> {
            Faults faults = new Faults(0.2, 0.2, 0.2, 0.5, java.time.Duration.ZERO);
            FaultDice a = new FaultDice(seed, faults);
            FaultDice b = new FaultDice(seed, Faults.none());
            b.set(faults);
            for (int i = 0; i < 50; i++) {
                assertThat(a.roll()).isEqualTo(b.roll());
            }
        });
    }
}
