package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.Redaction;
import io.zimmigrate.core.gateway.TransportResult;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sorts a failure of the Feign client (the JDK's, OkHttp, …; as Feign hands it over, usually wrapped in a
 * {@code RetryableException} whose message holds the full URL, Signature included) into "surely not sent" or "maybe
 * sent", by the standard exceptions every client throws. A client's own connect-timeout exception that is not one of
 * these (OkHttp's {@code SocketTimeoutException}) is maybe sent: more conservative, never less safe.
 *
 * <p>Not sent: the name did not resolve, the connection was refused, could not be routed or timed out, the TLS
 * handshake failed, or no thread was free to even try. Everything else happened after the request may have started
 * to go out (read timeout, reset, closed connection) and is maybe sent.
 *
 * <p>The JDK's TLS says an endpoint that answers in clear text (plain HTTP on an https:// URL) with a bare
 * {@code SSLException}, not an {@code SSLHandshakeException}. Its exact message "{@value #PLAINTEXT_ANSWER}" is
 * thrown only while no TLS record at all has come from the server (both of the JDK's record readers check it only
 * before the first one is accepted), so the handshake had not finished and no byte of the request went out: not
 * sent. Any other {@code SSLException} may come after the handshake and stays maybe sent.
 */
final class FailurePhase {
    static final String PLAINTEXT_ANSWER = "Unrecognized SSL message, plaintext connection?";

    private FailurePhase() {}

    static TransportResult classify(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (isBeforeSending(t)) {
                return new TransportResult.NotSent(Redaction.describe(t));
            }
            root = t;
        }
        // Describe the innermost cause: the outer Feign exception's message is mostly the URL.
        return new TransportResult.MaybeSent(Redaction.describe(root));
    }

    private static boolean isBeforeSending(Throwable t) {
        return t instanceof ConnectException
                || t instanceof HttpConnectTimeoutException
                || t instanceof UnknownHostException
                || t instanceof NoRouteToHostException
                || t instanceof SSLHandshakeException
                || t instanceof SSLException && PLAINTEXT_ANSWER.equals(t.getMessage())
                || t instanceof RejectedExecutionException;
    }
}
