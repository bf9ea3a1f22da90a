package io.zimmigrate.emulator;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.signing.Signature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks the common query parameters the way ZIM's gateway does (zim-api.md §1–2), in this order: AppId,
 * SignatureVersion, SignatureNonce, Timestamp, Signature, then the time window, then the signature itself.
 * A well-formed AppId that is not this app's gets 100000001 too: it is the only AppId code ZIM documents,
 * and a client must treat it as a configuration error either way.
 */
final class Authenticator {
    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,19}");

    private final long appId;
    private final ServerSecret secret;
    private final Clock clock;
    /** ZIM tolerates this much clock difference between caller and server (ACCESS: 10 minutes). */
    private final long maxSkewSeconds;
    private final long expiredCode;

    Authenticator(long appId, ServerSecret secret, Clock clock) {
        this(appId, secret, clock, EmulatorConfig.DEFAULT_MAX_CLOCK_SKEW.toSeconds(), Codes.SIGNATURE_EXPIRED);
    }

    Authenticator(long appId, ServerSecret secret, Clock clock, long maxSkewSeconds, long expiredCode) {
        this.appId = appId;
        this.secret = secret;
        this.clock = clock;
        this.maxSkewSeconds = maxSkewSeconds;
        this.expiredCode = expiredCode;
    }

    /** The refusal for these parameters, or empty when the request is authentic. */
    Optional<Answer> refusal(Function<String, String> query) {
        String app = query.apply("AppId");
        if (isEmpty(app) || !DIGITS.matcher(app).matches()) {
            return refuse(Codes.APP_ID, "AppId is missing or not a number");
        }
        if (Long.parseLong(app) != appId) {
            return refuse(Codes.APP_ID, "AppId " + app + " is not known here");
        }
        String version = query.apply("SignatureVersion");
        if (isEmpty(version)) {
            return refuse(Codes.SIGNATURE_VERSION_EMPTY, "SignatureVersion is empty");
        }
        if (!Signature.VERSION.equals(version)) {
            return refuse(Codes.SIGNATURE_VERSION_UNSUPPORTED, "SignatureVersion must be 2.0");
        }
        String nonce = query.apply("SignatureNonce");
        if (isEmpty(nonce)) {
            return refuse(Codes.NONCE_EMPTY, "SignatureNonce is empty");
        }
        if (!NONCE.matcher(nonce).matches()) {
            return refuse(Codes.INPUT_ERROR, "SignatureNonce must be 16 lower-case hex characters (8 random bytes)");
        }
        String timestamp = query.apply("Timestamp");
        if (isEmpty(timestamp)) {
            return refuse(Codes.TIMESTAMP_EMPTY, "Timestamp is empty");
        }
        if (!DIGITS.matcher(timestamp).matches()) {
            return refuse(Codes.TIMESTAMP_MALFORMED, "Timestamp must be Unix time in seconds");
        }
        String signature = query.apply("Signature");
        if (isEmpty(signature)) {
            return refuse(Codes.SIGNATURE_EMPTY, "Signature is empty");
        }
        long seconds = Long.parseLong(timestamp);
        long now = Math.floorDiv(clock.millis(), 1000L);
        if (Math.abs(now - seconds) > maxSkewSeconds) {
            return refuse(expiredCode, "signature expired: Timestamp is " + (seconds - now)
                    + " s away from the server's time; at most " + maxSkewSeconds + " s are tolerated");
        }
        String expected = Signature.compute(appId, nonce, secret, seconds);
        // Constant-time comparison: the emulator should not teach anyone a timing side channel.
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return refuse(Codes.SIGNATURE_INVALID, "invalid signature");
        }
        return Optional.empty();
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static Optional<Answer> refuse(long code, String message) {
        return Optional.of(Answer.of(code, message));
    }
}
