package io.zimmigrate.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad option values are one-line usage errors; an unreachable ZIM is said at once in plain words. */
class SayingWhatWentWrongTest {
    private static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("docs/examples/history.jsonl");
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final Cli cli = new Cli().systemClock().env(Map.of("ZIM_SERVER_SECRET", SECRET));

    private void usageError(String expected, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err()).contains(expected).doesNotContain("Exception");
    }

    @Test
    void badRunValuesAreUsageErrors() {
        String file = EXAMPLE.toString();
        usageError("--app-id must be a positive AppId", "run", file, "--endpoint", "http://127.0.0.1:9", "--app-id", "-1");
        usageError("--read-timeout must be at least 1 second", "run", file, "--read-timeout", "0");
        usageError("--connect-timeout must be at least 1 second", "run", file, "--connect-timeout", "0");
        usageError("--qps must be 0", "run", file, "--qps", "-1");
        usageError("--progress must be auto, bar or lines, not fancy", "run", file, "--progress", "fancy");
        usageError("--qps must be 0", "plan", file, "--qps", "-1");
        usageError("--metrics-port must be 0 to 65535", "run", file, "--metrics-port", "70000");
    }

    @Test
    void nowInSecondsOrBefore2000IsRefusedNamingTheMistake() {
        usageError("looks like epoch seconds", "validate", EXAMPLE.toString(), "--now", "1732060800");
        usageError("is before 2000", "validate", EXAMPLE.toString(), "--now", "1999-12-31T00:00:00Z");
        usageError("is before 2000", "plan", EXAMPLE.toString(), "--now", "12345");
    }

    @Test
    void aSendMessageTimeInSecondsIsNamedSoInItsRejection() throws Exception {
        Path input = dir.resolve("seconds.jsonl");
        Files.writeString(input, "{\"Id\":\"s-1\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":1732000000}\n");
        Cli.Result r = cli.run("validate", input.toString(), "--now", "2024-11-20T00:00:00Z");
        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.out()).contains("looks like seconds").contains("1732000000000");
    }

    @Test
    void verifyWithoutAnEndpointRefuses() {
        usageError("verify needs --endpoint URL or --region NAME", "verify", EXAMPLE.toString());
    }

    @Test
    void emulateOnAPortInUseIsAUsageError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            usageError("--port " + taken.getLocalPort() + " is in use", "emulate", "--port",
                    String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void emulateWithAnUnknownMediaReadBackFormIsAUsageError() {
        usageError("--media-read-back must be one of documented, as-sent, not 'raw'", "emulate", "--media-read-back",
                "raw");
    }

    @Test
    void aRefusedConnectionIsSaidAtOnceInPlainWords() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path input = dir.resolve("fresh.jsonl");
        long now = System.currentTimeMillis();
        Files.writeString(input, "{\"Id\":\"f-1\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":" + (now - 3_600_000) + "}\n");
        long started = System.nanoTime();
        Cli.Result r = cli.run("run", input.toString(), "--endpoint", "http://127.0.0.1:" + closed, "--app-id", "1",
                "--journal", dir.resolve("journal").toString(), "--give-up-after", "2", "--progress", "lines");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.STOPPED);
        assertThat(r.err()).contains("cannot reach ZIM at http://127.0.0.1:" + closed
                + ": connection refused; retrying, the run stops after 2 s without any answer");
        String notice = r.err().lines().filter(l -> l.startsWith("cannot reach")).findFirst().orElseThrow();
        assertThat(notice).doesNotContain("Exception");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not sent: ConnectException: Connection refused: /127.0.0.1:9",
            "not sent: UnknownHostException: zim.example.invalid: Name or service not known",
            "not sent: SSLHandshakeException: PKIX path building failed"})
    void transportReasonsReadWithoutClassNames(String reason) {
        assertThat(PlainTrouble.of(reason)).doesNotContain("Exception").isNotBlank();
    }
}
