package io.zimmigrate.core.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings every transport is opened with, defined once: where ZIM is, how long to wait, how much may be in
 * flight. A transport adds only what is its own (a Vert.x instance, a {@code feign.Client}); the in-flight limit
 * the engine keeps and the pool a transport sizes come from this one record, so they cannot disagree.
 *
 * @param endpoint       where ZIM is
 * @param connectTimeout time allowed to get a connection; a request that got none was not sent (retried safely)
 * @param answerDeadline time allowed for the whole answer, last byte included, once connected: not an idle timeout,
 *                       so a server that trickles its answer cannot hold a request for ever. Transports that cannot
 *                       see when the connection came enforce {@link #requestDeadline()} from the hand-over instead.
 *                       When it passes the request may have been applied: an import becomes {@code Unknown} and is
 *                       reconciled, so do not set it too short
 * @param maxInFlight    requests on the wire at once: the pool's connections or the threads of a blocking client
 * @param maxWaiting     requests that may wait for a free connection or thread; beyond it a request ends at once as
 *                       not sent. Small on purpose: a long queue holds paced requests back, then lets them out in a
 *                       burst
 */
public record TransportSettings(ZimEndpoint endpoint, Duration connectTimeout, Duration answerDeadline, int maxInFlight,
                                int maxWaiting) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ANSWER_DEADLINE = Duration.ofSeconds(15);
    /** ZIM allows 20 requests a second; 64 in flight covers answers slower than 3 s at that rate. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final int DEFAULT_MAX_WAITING = 16;

    public TransportSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        positive(connectTimeout, "connectTimeout");
        positive(answerDeadline, "answerDeadline");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("maxWaiting must not be negative, not " + maxWaiting);
        }
    }

    /**
     * The longest a request may take from being handed to the HTTP client to its answer's last byte: the connect
     * allowance plus the answer deadline. What a transport enforces when it cannot tell when it got its connection.
     */
    public Duration requestDeadline() {
        return connectTimeout.plus(answerDeadline);
    }

    /** The defaults, for {@code endpoint}. */
    public static TransportSettings defaults(ZimEndpoint endpoint) {
        return new TransportSettings(endpoint, DEFAULT_CONNECT_TIMEOUT, DEFAULT_ANSWER_DEADLINE, DEFAULT_MAX_IN_FLIGHT,
                DEFAULT_MAX_WAITING);
    }

    public TransportSettings withEndpoint(ZimEndpoint v) {
        return new TransportSettings(v, connectTimeout, answerDeadline, maxInFlight, maxWaiting);
    }

    public TransportSettings withConnectTimeout(Duration v) {
        return new TransportSettings(endpoint, v, answerDeadline, maxInFlight, maxWaiting);
    }

    public TransportSettings withAnswerDeadline(Duration v) {
        return new TransportSettings(endpoint, connectTimeout, v, maxInFlight, maxWaiting);
    }

    public TransportSettings withMaxInFlight(int v) {
        return new TransportSettings(endpoint, connectTimeout, answerDeadline, v, maxWaiting);
    }

    public TransportSettings withMaxWaiting(int v) {
        return new TransportSettings(endpoint, connectTimeout, answerDeadline, maxInFlight, v);
    }

    static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
        return d;
    }
}
