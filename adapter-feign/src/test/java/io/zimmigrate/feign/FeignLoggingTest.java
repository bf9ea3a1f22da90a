package io.zimmigrate.feign;

import static org.assertj.core.api.Assertions.assertThat;

import feign.Logger.Level;
import io.zimmigrate.core.gateway.StubZimServer;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.core.gateway.ZimEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Feign's request log, at the level the builder sets, through the transport that sends for real: what each level
 * shows, and that no level shows the Signature.
 */
class FeignLoggingTest {
    private static final String SIGNATURE = "0123456789abcdef0123456789abcdef";
    private static final Map<String, String> QUERY = Map.of("Action", "ImportGroupMsg", "AppId", "1",
            "Signature", SIGNATURE, "SignatureVersion", "2.0");
    private static final byte[] BODY = "{\"GroupId\":\"g1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void noneLogsNothing() {
        assertThat(linesOfOneAnsweredPost(Level.NONE)).isEmpty();
    }

    @Test
    void basicLogsTheRequestAndAnswerLinesWithoutTheSignature() {
        List<String> lines = linesOfOneAnsweredPost(Level.BASIC);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("---> POST http://", "Action=ImportGroupMsg", "Signature=<hidden>");
        assertThat(lines.get(1)).contains("<--- HTTP/1.1 200");
        assertThat(lines).noneMatch(l -> l.contains(SIGNATURE));
    }

    @Test
    void fullLogsBothBodiesAndTheAnswerIsStillRead() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (StubZimServer server = StubZimServer.start()) {
            TransportResult result = post(server.endpoint(), Level.FULL, lines);
            assertThat(result).isInstanceOf(TransportResult.Answered.class);
            // FULL reads the body to log it; the transport must still hand the whole answer to core.
            assertThat(new String(((TransportResult.Answered) result).body(), StandardCharsets.UTF_8)).contains("\"Code\"");
        }
        assertThat(lines).anyMatch(l -> l.contains("{\"GroupId\":\"g1\"}"));
        assertThat(lines).anyMatch(l -> l.contains("\"Code\""));
        assertThat(lines).noneMatch(l -> l.contains(SIGNATURE));
    }

    @Test
    void aFailureIsLoggedAndStillSortedByPhase() {
        List<String> lines = new CopyOnWriteArrayList<>();
        ZimEndpoint nobody;
        try (StubZimServer server = StubZimServer.start()) {
            nobody = server.endpoint(); // closed below: nothing listens there any more
        }
        TransportResult result = post(nobody, Level.BASIC, lines);
        assertThat(result).isInstanceOf(TransportResult.NotSent.class);
        assertThat(lines).anyMatch(l -> l.contains("<--- ERROR"));
        assertThat(lines).noneMatch(l -> l.contains(SIGNATURE));
    }

    private static List<String> linesOfOneAnsweredPost(Level level) {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (StubZimServer server = StubZimServer.start()) {
            assertThat(post(server.endpoint(), level, lines)).isInstanceOf(TransportResult.Answered.class);
        }
        return lines;
    }

    private static TransportResult post(ZimEndpoint endpoint, Level level, List<String> lines) {
        ZimTransport transport = FeignTransport.builder().logLevel(level).logLines(lines::add)
                .open(TransportSettings.defaults(endpoint).withAnswerDeadline(Duration.ofSeconds(5)));
        try {
            return transport.post("ImportGroupMsg", QUERY, BODY).toCompletableFuture().join();
        } finally {
            transport.close();
        }
    }
}
