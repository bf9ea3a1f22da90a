package io.zimmigrate.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Signature v2.0 = lower-case hex MD5 of AppId + SignatureNonce + ServerSecret + Timestamp (zim-api.md §1). */
class SignatureTest {

    /** The vector from ZEGO's documentation. */
    @Test
    void documentedVector() {
        assertThat(Signature.compute(12345, "4fd24687296dd9f3", ServerSecret.of("9193cc662a4c0ec135ec71fb57194b38"),
                1615186943)).isEqualTo("43e5cfcca828314675f91b001390566a");
    }

    /** An implementation written differently on purpose: one string, one digest, BigInteger hex. */
    private static String independentMd5(long appId, String nonce, String secret, long timestamp) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5")
                .digest((appId + nonce + secret + timestamp).getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }

    private static Gen<String> nonces() {
        return Generate.byteArrays(Generate.constant(8), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                .map(b -> java.util.HexFormat.of().formatHex(b));
    }

    private static Gen<String> secrets() {
        // Any well-formed text without surrounding whitespace (ServerSecret.of drops that, on purpose). Built to
        // fit rather than filtered: an assumption on allPossible() strings threw away so many that QuickTheories
        // gave up now and then ("only 964 examples matching the assumptions").
        return strings().allPossible().ofLengthBetween(1, 64).map(SignatureTest::withoutSurrogatesOrEdgeSpace);
    }

    @Test
    void equalsAnIndependentMd5OfTheConcatenation() {
        qt().forAll(longs().between(0, 0xFFFF_FFFFL), nonces(), secrets(), longs().between(0, Long.MAX_VALUE))
                .checkAssert((appId, nonce, secret, ts) -> {
                    String sig = Signature.compute(appId, nonce, ServerSecret.of(secret), ts);
                    try {
                        assertThat(sig).isEqualTo(independentMd5(appId, nonce, secret, ts)).matches("[0-9a-f]{32}");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void signerUsesTheInjectedClockAndRandomness() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_615_186_943_999L), ZoneOffset.UTC);
        byte[] fixed = java.util.HexFormat.of().parseHex("4fd24687296dd9f3");
        RequestSigner signer = new RequestSigner(12345, ServerSecret.of("9193cc662a4c0ec135ec71fb57194b38"), clock,
                b -> System.arraycopy(fixed, 0, b, 0, 8));
        Map<String, String> q = signer.commonParameters("ImportGroupMsg");
        assertThat(q).containsExactly(
                Map.entry("Action", "ImportGroupMsg"), Map.entry("AppId", "12345"),
                Map.entry("SignatureNonce", "4fd24687296dd9f3"), Map.entry("Timestamp", "1615186943"),
                Map.entry("Signature", "43e5cfcca828314675f91b001390566a"), Map.entry("SignatureVersion", "2.0"));
    }

    @Test
    void everyCallGetsAFreshNonceOf16LowerCaseHex() {
        Random seeded = new Random(7);
        RequestSigner signer = new RequestSigner(1, ServerSecret.of("s"), Clock.systemUTC(), NonceSource.from(seeded::nextBytes));
        String first = signer.commonParameters("A").get("SignatureNonce");
        String second = signer.commonParameters("A").get("SignatureNonce");
        assertThat(first).matches("[0-9a-f]{16}");
        assertThat(second).matches("[0-9a-f]{16}").isNotEqualTo(first);
        assertThat(NonceSource.secure().next()).matches("[0-9a-f]{16}");
    }

    @Test
    void appIdMustBeUnsigned32Bit() {
        Clock c = Clock.systemUTC();
        assertThatThrownBy(() -> new RequestSigner(-1, ServerSecret.of("s"), c, NonceSource.secure()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestSigner(0x1_0000_0000L, ServerSecret.of("s"), c, NonceSource.secure()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String withoutSurrogatesOrEdgeSpace(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().filter(cp -> cp < 0xD800 || cp > 0xDFFF).forEach(out::appendCodePoint);
        String stripped = out.toString().strip();
        return stripped.isEmpty() ? "k" : stripped;
    }
}
