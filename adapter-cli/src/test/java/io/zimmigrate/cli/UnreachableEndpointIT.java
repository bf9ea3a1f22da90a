package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, through the real jar: a port where nothing listens, an endpoint whose name does not resolve, one that
 * does not speak TLS (a plain-HTTP server on loopback spoken to with https://) and one whose certificate is
 * self-signed, are each said within seconds in plain words, and
 * nothing the operator reads names a Java class. {@code --give-up-after 1} (the least it allows) so the run stops
 * soon after: the notice comes at the first failure, before the run gives up.
 */
class UnreachableEndpointIT {
    /** A Java class or package name, as an exception's message would carry it. */
    private static final Pattern JAVA_NAMES = Pattern.compile("\\b[A-Z]\\w*(?:Exception|Error)\\b|\\b(?:java|javax|sun|io\\.netty|io\\.vertx)\\.[a-z]");
    private static final String SECRET = "unreachable-endpoint-0a1b2c3d4e5f";

    @TempDir
    Path dir;

    @Test
    void aNameThatDoesNotResolveIsSaidAsDns() throws Exception {
        String endpoint = "https://zim-migrate-test.invalid";
        Said said = run(endpoint, "vertx");
        assertThat(said.notice()).isEqualTo("cannot reach ZIM at " + endpoint + ": the name does not resolve (DNS); "
                + "retrying, the run stops after 1 s without any answer");
        assertThat(said.all()).contains("STOPPED EARLY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vertx", "feign"})
    void aPortWhereNothingListensIsSaidAsRefused(String transport) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closed;
        Said said = run(endpoint, transport);
        assertThat(said.notice()).isEqualTo("cannot reach ZIM at " + endpoint + ": connection refused; "
                + "retrying, the run stops after 1 s without any answer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vertx", "feign"})
    void anEndpointThatDoesNotSpeakTlsIsSaidAsTls(String transport) throws Exception {
        // A plain-HTTP server: whatever arrives (a TLS ClientHello here), it answers in clear text and hangs up.
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answerInClearText(plain), "plain-http");
            answering.setDaemon(true);
            answering.start();
            String endpoint = "https://127.0.0.1:" + plain.getLocalPort();
            Said said = run(endpoint, transport);
            assertThat(said.notice()).startsWith("cannot reach ZIM at " + endpoint + ": TLS failure")
                    .endsWith("; retrying, the run stops after 1 s without any answer");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vertx", "feign"})
    void aSelfSignedCertificateIsSaidAsACertificateTheJvmDoesNotTrust(String transport) throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        https.createContext("/", exchange -> {
            exchange.sendResponseHeaders(500, -1); // never reached: no client gets past the certificate
            exchange.close();
        });
        https.start();
        try {
            String endpoint = "https://127.0.0.1:" + https.getAddress().getPort();
            Said said = run(endpoint, transport);
            assertThat(said.notice()).isEqualTo("cannot reach ZIM at " + endpoint + ": TLS failure (the server's "
                    + "certificate is not trusted by this Java: self-signed, or signed by an authority it does not "
                    + "know); retrying, the run stops after 1 s without any answer");
        } finally {
            https.stop(0);
        }
    }

    /** A server key and self-signed certificate for 127.0.0.1, made by the JDK's keytool in the test's folder. */
    private SSLContext selfSigned() throws Exception {
        Path store = dir.resolve("self-signed.p12");
        char[] password = "self-signed".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "zim", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(password), "-keypass", new String(password))
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.txt").toFile()).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.txt"))).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }

    /** Until the socket is closed; nothing escapes the thread (a closed socket is how it ends). */
    private static void answerInClearText(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(2000);
                s.getInputStream().read(new byte[512]);
                s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            } catch (IOException | RuntimeException e) {
                // the socket closed (test over) or the client hung up first: next connection
            }
        }
    }

    /**
     * What zim-migrate itself said: without Vert.x's blocked-thread warnings (and their stack), which a busy test
     * machine can cause and which are about the machine, not the endpoint.
     */
    private static String ours(String all) {
        StringBuilder kept = new StringBuilder();
        boolean inWarning = false;
        for (String line : all.split("\n")) {
            if (line.startsWith("[vertx-blocked-thread-checker]")) {
                inWarning = true;
            } else if (!inWarning || !(line.startsWith("\t") || line.startsWith(" ") || line.startsWith("io.vertx.core.VertxException"))) {
                inWarning = false;
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    private record Said(String notice, double secondsToNotice, String all) {}

    private Said run(String endpoint, String transport) throws Exception {
        Path input = dir.resolve("fresh.jsonl");
        Files.writeString(input, "{\"Id\":\"f-1\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":" + (System.currentTimeMillis() - 3_600_000) + "}\n");
        List<String> command = JarJava.command(ZimMigrateJarIT.JAR);
        command.addAll(List.of("run", input.toString(), "--endpoint", endpoint, "--app-id", "1",
                "--transport", transport, "--journal", dir.resolve("journal-" + transport).toString(),
                "--give-up-after", "1", "--progress", "lines",
                // A handshake that a loaded box slows past the default 15 s read timeout read "no answer in time"
                // instead of the TLS failure (CI at load 16, session 15): only a server that never answers waits it.
                "--read-timeout", "60"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ZimMigrateJarIT.ROOT.toFile());
        pb.environment().put("ZIM_SERVER_SECRET", SECRET);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        long started = System.nanoTime();
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        String notice = null;
        double seconds = -1;
        while (notice == null && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(90)) {
            notice = Files.readString(err, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("cannot reach"))
                    .findFirst().orElse(null);
            seconds = (System.nanoTime() - started) / 1e9;
            if (notice == null && !p.isAlive()) {
                notice = Files.readString(err, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("cannot reach"))
                        .findFirst().orElse(null);
                break;
            }
            Thread.sleep(50);
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the run stopped").isTrue();
        String all = Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
        assertThat(notice).as(all).isNotNull();
        // Seconds, not the ten minutes of a frozen 0/N: JVM start and planning included, on a busy machine.
        assertThat(seconds).as(all).isLessThan(60);
        assertThat(p.exitValue()).as(all).isEqualTo(ExitCodes.STOPPED);
        assertThat(JAVA_NAMES.matcher(ours(all)).find()).as("no Java class names in:%n%s", all).isFalse();
        return new Said(notice, seconds, all);
    }
}
