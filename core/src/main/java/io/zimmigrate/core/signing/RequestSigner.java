package io.zimmigrate.core.signing;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs requests: every call yields a fresh nonce and the current time in seconds, so retries are signed anew.
 * The clock and the randomness are injected.
 */
public final class RequestSigner {
    private final long appId;
    private final ServerSecret secret;
    private final Clock clock;
    private final NonceSource nonces;

    public RequestSigner(long appId, ServerSecret secret, Clock clock, NonceSource nonces) {
        if (appId < 0 || appId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AppId must be an unsigned 32-bit number, not " + appId);
        }
        this.appId = appId;
        this.secret = Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    public long appId() {
        return appId;
    }

    /** The common query parameters, freshly signed, in ZIM's documented order, starting with {@code Action}. */
    public Map<String, String> commonParameters(String action) {
        String nonce = nonces.next();
        long timestamp = Math.floorDiv(clock.millis(), 1000L);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("Action", action);
        query.put("AppId", Long.toString(appId));
        query.put("SignatureNonce", nonce);
        query.put("Timestamp", Long.toString(timestamp));
        query.put("Signature", Signature.compute(appId, nonce, secret, timestamp));
        query.put("SignatureVersion", Signature.VERSION);
        return query;
    }

    @Override
    public String toString() {
        return "RequestSigner[appId=" + appId + "]";
    }
}
