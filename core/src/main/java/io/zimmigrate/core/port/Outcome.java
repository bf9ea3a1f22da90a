package io.zimmigrate.core.port;

/**
 * How one gateway call ended. Gateways never throw: every answer, failure and timeout becomes one of these,
 * classified once in core ({@link io.zimmigrate.core.gateway.ZimCodes}) for every transport.
 */
public sealed interface Outcome<T> {

    /** ZIM did it. */
    record Done<T>(T value) implements Outcome<T> {}

    /** ZIM refused this request for good (bad input, unknown group, …); other requests may still succeed. */
    record Rejected<T>(long code, String message) implements Outcome<T> {}

    /**
     * Not done, and safe to send again later: busy, throttled, transient, or never sent at all. {@code throttled}
     * says ZIM (or a proxy, with HTTP 429) asked for fewer requests per second: the sender should slow down, not
     * only wait. The gateway decides it, from {@link io.zimmigrate.core.gateway.ZimCodes#isThrottle}.
     */
    record RetryLater<T>(Long code, String reason, boolean throttled) implements Outcome<T> {
        /** Not a throttle. */
        public RetryLater(Long code, String reason) {
            this(code, reason, false);
        }
    }

    /** The request may or may not have been applied (timeout, connection lost after sending): reconcile before resending. */
    record Unknown<T>(String reason) implements Outcome<T> {}

    /** The configuration is wrong (credentials, app, endpoint): every further call would fail the same way. */
    record Fatal<T>(Long code, String message) implements Outcome<T> {}
}
