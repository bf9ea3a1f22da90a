package io.zimmigrate.feign;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway.ImportReceipt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A TLS handshake that fails is "not sent" (safe to send again at once), whatever the client: here an endpoint that
 * answers a TLS ClientHello in clear text. The server keeps what it read, to prove no HTTP request ever reached it.
 */
class FeignTlsFailureTest {

    @Test
    void aPlainHttpAnswerToTheHandshakeIsNotSent() throws Exception {
        List<byte[]> read = new CopyOnWriteArrayList<>();
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answerInClearText(plain, read), "plain-http");
            answering.setDaemon(true);
            answering.start();
            try (ZimProtocolGateway gateway = ZimGatewayBuilder.over(FeignTransport.builder())
                    .endpoint("https://127.0.0.1:" + plain.getLocalPort()).appId(1)
                    .secret(FeignTransportTest.SECRET).build()) {
                Outcome<ImportReceipt> outcome = gateway.importGroupMessage(FeignTransportTest.message("a"))
                        .toCompletableFuture().join();
                assertThat(outcome).isInstanceOf(Outcome.RetryLater.class);
                assertThat(((Outcome.RetryLater<?>) outcome).reason()).startsWith("not sent");
            }
        }
        assertThat(read).isNotEmpty().allSatisfy(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .as("only a TLS handshake arrived").doesNotContain("POST", "ImportGroupMsg"));
    }

    /** Only that message is known to come before the handshake ended; another TLS failure may come after it. */
    @Test
    void anotherTlsFailureMayHaveBeenSent() {
        assertThat(FailurePhase.classify(new java.io.IOException("x", new javax.net.ssl.SSLException(
                FailurePhase.PLAINTEXT_ANSWER)))).isInstanceOf(TransportResult.NotSent.class);
        assertThat(FailurePhase.classify(new java.io.IOException("x", new javax.net.ssl.SSLException("Tag mismatch"))))
                .isInstanceOf(TransportResult.MaybeSent.class);
    }

    /** Until the socket is closed; nothing escapes the thread (a closed socket is how it ends). */
    private static void answerInClearText(ServerSocket server, List<byte[]> read) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(2000);
                InputStream in = s.getInputStream();
                byte[] buffer = new byte[4096];
                int n = in.read(buffer);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                if (n > 0) {
                    got.write(buffer, 0, n);
                }
                // Kept before answering: once the answer is out the test may already look at what was read (it
                // found nothing when this came after the answer, on a loaded machine).
                read.add(got.toByteArray());
                s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            } catch (IOException | RuntimeException e) {
                // the socket closed (test over) or the client hung up first: next connection
            }
        }
    }
}
