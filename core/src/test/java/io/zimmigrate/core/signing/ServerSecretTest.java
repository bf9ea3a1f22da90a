package io.zimmigrate.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The secret never shows: not in toString, not in the signer's toString, not in errors. */
class ServerSecretTest {

    @Test
    void toStringNeverRevealsIt() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(4, 64).assuming(s -> !s.isBlank()))
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
