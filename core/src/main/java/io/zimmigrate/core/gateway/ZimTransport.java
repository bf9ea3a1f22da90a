package io.zimmigrate.core.gateway;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The port a transport adapter implements: move one request's bytes to ZIM and bring back what happened. Everything
 * about ZIM (signing, encoding, answer codes, outcomes) lives in {@link ZimProtocolGateway}, so every transport
 * behaves the same; a transport only moves bytes and says in which phase a failure happened.
 *
 * <p>Rules for implementations:
 * <ul>
 *   <li>Send exactly one HTTP request per call: never retry, never follow a redirect. ZIM has no idempotency key,
 *       so a second POST of an import is a second message.</li>
 *   <li>POST {@code body} unchanged, with {@code Content-Type: application/json}, to
 *       {@link ZimEndpoint#requestUri(Map) endpoint.requestUri(query)}.</li>
 *   <li>Complete the stage normally, always: {@link TransportResult.Answered} for any HTTP answer (whatever its
 *       status), {@link TransportResult.NotSent} when the request surely did not leave (connect refused or timed out,
 *       no connection from the pool, closed transport), {@link TransportResult.MaybeSent} otherwise (read timeout,
 *       connection reset or closed after the request started to go out).</li>
 *   <li>Never put the query (it holds the {@code Signature}) in a log line or a failure reason; reasons pass through
 *       {@link Redaction} anyway.</li>
 *   <li>Honour {@link TransportSettings}: a connect timeout, and a deadline for the <em>whole</em> answer (not an
 *       idle timeout: a server that sends one byte a second must not hold a request past
 *       {@link TransportSettings#answerDeadline()}); at most {@link TransportSettings#maxInFlight()} requests on the
 *       wire and {@link TransportSettings#maxWaiting()} waiting, the rest {@code NotSent} at once.</li>
 *   <li>{@link #close()} completes every request still in flight at once ({@code MaybeSent}, or {@code NotSent} for
 *       one surely not yet handed to the client), whatever the server does, so a stopping run ends promptly.</li>
 * </ul>
 *
 * <p>A transport is one class plus a {@link Factory}; {@link ZimGatewayBuilder#over(Factory)} composes it with
 * core's protocol into a {@link io.zimmigrate.core.port.ZimGateway}. Every transport's tests extend the contract
 * suite {@code ZimTransportContract} (core's test-jar).
 */
public interface ZimTransport extends AutoCloseable {

    /**
     * Sends one request.
     *
     * @param action the {@code Action} wire name (also in {@code query}); for the transport's own bookkeeping
     * @param query  {@code Action} and the signed common parameters, in order
     * @param body   the JSON body, already encoded by core; sent as is
     */
    CompletionStage<TransportResult> post(String action, Map<String, String> query, byte[] body);

    /**
     * Completes every request in flight at once, releases what the transport owns (never what its caller handed
     * in) and returns promptly. Calls after this end {@code NotSent}.
     */
    @Override
    default void close() {}

    /** Opens a transport with the shared settings; what an adapter hands to {@link ZimGatewayBuilder#over}. */
    @FunctionalInterface
    interface Factory {
        ZimTransport open(TransportSettings settings);
    }
}
