package io.zimmigrate.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The secret never shows: not in toString, not in the signer's toString, not in errors. */
class ServerSecretTest {

    /**
     * Secrets of 16 characters or more once stripped (ZEGO's are 32 hex digits): a tiny one turns up by chance in any
     * text. Seed 16991198847446 generated spaces around a comma, which strips to the secret ",", found in the
     * parameters' {@code toString}: no leak, but a failure.
     */
    @Test
    void toStringNeverRevealsIt() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(16, 64).assuming(s -> s.strip().length() >= 16))
                .checkAssert(raw -> {
                    ServerSecret s = ServerSecret.of(raw);
                    String shown = s.toString();
                    assertThat(shown).isEqualTo("ServerSecret[hidden]");
                    assertThat(s.occursIn(shown)).isFalse();
                    RequestSigner signer = new RequestSigner(1, s, Clock.systemUTC(), NonceSource.secure());
                    assertThat(s.occursIn(signer.toString())).isFalse();
                    assertThat(s.occursIn(signer.commonParameters("A").toString())).isFalse();
                });
    }

    @Test
    void surroundingWhitespaceIsDropped() {
        assertThat(ServerSecret.of("  abc\n")).isEqualTo(ServerSecret.of("abc"));
        assertThat(ServerSecret.of("abc")).isNotEqualTo(ServerSecret.of("abd"));
        assertThat(ServerSecret.of("abc").occursIn("xxabcxx")).isTrue();
    }

    @Test
    void blankIsRefusedWithoutEchoingAnything() {
        assertThatThrownBy(() -> ServerSecret.of(" \n\t")).hasMessage("the ServerSecret is empty");
        assertThatThrownBy(() -> ServerSecret.of(null)).hasMessage("the ServerSecret is empty");
    }
}
