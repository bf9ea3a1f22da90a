package io.zimmigrate.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A ZIM client for tests that shares no code with the project's gateways: the JDK's HTTP client over HTTP/1.1,
 * its own signer ({@link TestSigner}), its own JSON mapper. Every answer is checked never to contain the secret.
 */
public final class ZimTestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final long appId;
    private final String secret;
    private final Clock clock;
    private final Random nonces = new Random(7);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public ZimTestClient(URI base, long appId, String secret, Clock clock) {
        this.base = base;
        this.appId = appId;
        this.secret = secret;
        this.clock = clock;
    }

    /** An HTTP answer; {@code json} is null when the body is empty or not JSON. */
    public record Reply(int status, String raw, JsonNode json) {
        public long code() {
            if (json == null) {
                throw new AssertionError("no JSON answer: HTTP " + status + " body '" + raw + "'");
            }
            return json.path("Code").asLong(-1);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + raw;
        }
    }

    /** A correctly signed POST of {@code body} (JSON text) to {@code ?Action=action}. */
    public Reply post(String action, String body) throws IOException {
        return post(action, body, Map.of());
    }

    public Reply post(String action, Object body) throws IOException {
        return post(action, json(body));
    }

    /**
     * Like {@link #post(String, String)}, but {@code overrides} replace query parameters after signing; a null
     * value removes the parameter. {@code Action} can be overridden or removed too.
     */
    public Reply post(String action, String body, Map<String, String> overrides) throws IOException {
        Map<String, String> query = signedQuery(action);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getValue() == null) {
                query.remove(e.getKey());
            } else {
                query.put(e.getKey(), e.getValue());
            }
        }
        String qs = query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/?" + qs))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String raw = response.body();
        if (raw.contains(secret)) {
            throw new AssertionError("the ServerSecret appeared in an answer: " + raw);
        }
        JsonNode json = null;
        if (!raw.isEmpty()) {
            try {
                json = JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                json = null;
            }
        }
        return new Reply(response.statusCode(), raw, json);
    }

    /** The signed common parameters for a fresh request, in ZIM's documented order. */
    public Map<String, String> signedQuery(String action) {
        String nonce = String.format("%016x", nonces.nextLong());
        long timestamp = Math.floorDiv(clock.millis(), 1000L);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("Action", action);
        query.put("AppId", Long.toString(appId));
        query.put("SignatureNonce", nonce);
        query.put("Timestamp", Long.toString(timestamp));
        query.put("Signature", TestSigner.sign(appId, nonce, secret, timestamp));
        query.put("SignatureVersion", "2.0");
        return query;
    }

    public static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** A mutable JSON object built from alternating names and values, e.g. {@code obj("GroupId", "g1")}. */
    public static Map<String, Object> obj(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /** A copy of {@code m} that can be changed without touching {@code m}. */
    public static Map<String, Object> copy(Map<String, Object> m) {
        return new HashMap<>(m);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
