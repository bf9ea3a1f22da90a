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

    /** Not done, and safe to send again later: busy, throttled, transient, or never sent at all. */
    record RetryLater<T>(Long code, String reason) implements Outcome<T> {}

    /** The signature expired (clock skew or a slow queue): send again at once with a fresh signature. */
    record Resign<T>(long code, String message) implements Outcome<T> {}

    /** The request may or may not have been applied (timeout, connection lost after sending): reconcile before resending. */
    record Unknown<T>(String reason) implements Outcome<T> {}

    /** The configuration is wrong (credentials, app, endpoint): every further call would fail the same way. */
    record Fatal<T>(Long code, String message) implements Outcome<T> {}
}
