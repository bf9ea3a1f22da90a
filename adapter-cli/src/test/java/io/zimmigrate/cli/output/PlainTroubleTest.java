package io.zimmigrate.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Transport reasons as the two transports give them, in an operator's words (issue 18, found through the jar). */
class PlainTroubleTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Feign's default client (the JDK's) refuses with a bare ConnectException: it read "failed".
        "not sent: ConnectException                                      | connection refused",
        "not sent: ConnectException: Connection refused: /127.0.0.1:9    | connection refused",
        "not sent: ConnectException: Connection timed out                | connection timed out",
        "not sent: SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath."
                + "SunCertPathBuilderException: unable to find valid certification path to requested target"
                + " | TLS failure (the server's certificate is not trusted by this Java: self-signed, or signed by an "
                + "authority it does not know)",
        "not sent: SSLException: Unrecognized SSL message, plaintext connection? | TLS failure (certificate or "
                + "protocol): Unrecognized SSL message, plaintext connection?",
        "not sent: SSLHandshakeException: No subject alternative names matching IP address 127.0.0.1 found"
                + " | TLS failure (the server's certificate is for another name)",
    })
    void isSaidInPlainWords(String reason, String said) {
        assertThat(PlainTrouble.of(reason.strip())).isEqualTo(said.strip());
    }
}
