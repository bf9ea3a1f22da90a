package io.zimmigrate.feign;

import feign.Capability;
import feign.Feign;
import feign.Headers;
import feign.Logger;
import feign.Request;
import feign.RequestLine;
import feign.Response;
import feign.Retryer;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimTransport;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Moves bytes through a Feign client built the Feign way ({@link Feign#builder()}): any {@link feign.Client} (the
 * JDK's {@code Http2Client} by default; OkHttp through {@code feign-okhttp} or another by the embedder's choice), the
 * embedder's {@link Capability Capabilities} (metrics, tracing), Feign's logger with the Signature removed from every
 * line, and retries off ({@link Retryer#NEVER_RETRY}: Feign's default resends every I/O failure, read timeouts
 * included, and ZIM has no idempotency key). Build one with {@link #builder()} and compose it with core's protocol:
 *
 * <pre>{@code
 * ZimGateway zim = ZimGatewayBuilder.over(FeignTransport.builder().client(new OkHttpClient()))
 *         .appId(1234567890L).secret(ServerSecret.of(secretFromEnvironment)).build();
 * }</pre>
 *
 * <p>Feign calls block, so each runs on an executor: the caller's ({@link FeignTransportBuilder#executor}) or one the
 * transport owns, with {@link TransportSettings#maxInFlight()} threads and {@link TransportSettings#maxWaiting()}
 * queued, more refused (not sent). Every HTTP answer, 200 or not, reaches core unchanged: the interface returns
 * Feign's raw {@link Response}, so no {@code ErrorDecoder} is involved (ZIM reports its errors inside 200 bodies).
 *
 * <p>The answer deadline is the whole answer: the client's read timeout is only an idle timeout (and the JDK
 * client's covers the headers only), so the transport also completes the request as maybe sent when
 * {@link TransportSettings#answerDeadline()} passes, then interrupts the call and closes its answer. {@link #close()}
 * completes everything in flight at once.
 */
public final class FeignTransport implements ZimTransport {
    /** The one call ZIM's API needs: POST core's bytes to the signed URL ({@link ZimTarget} makes the URL). */
    interface ZimApi {
        @RequestLine("POST")
        @Headers({"Content-Type: application/json", "Accept: application/json"})
        Response post(ZimTarget.Call call);
    }

    private final TransportSettings settings;
    private final ZimApi api;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final String clientName;
    private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    FeignTransport(TransportSettings settings, feign.Client client, Iterable<Capability> capabilities, Logger logger,
                   Logger.Level logLevel, ExecutorService executor, boolean ownsExecutor) {
        this.settings = settings;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        this.clientName = client.getClass().getSimpleName();
        Feign.Builder feign = Feign.builder()
                .client(client)
                .retryer(Retryer.NEVER_RETRY)
                .encoder(ZimTarget.ENCODER)
                .options(new Request.Options(settings.connectTimeout(), settings.answerDeadline(), false))
                .logger(logger)
                .logLevel(logLevel);
        capabilities.forEach(feign::addCapability);
        this.api = feign.target(new ZimTarget(settings.endpoint().origin().toString()));
    }

    /** A builder of Feign transports; it is the {@link ZimTransport.Factory} the gateway builder takes. */
    public static FeignTransportBuilder builder() {
        return new FeignTransportBuilder();
    }

    @Override
    public CompletionStage<TransportResult> post(String action, Map<String, String> query, byte[] body) {
        if (closed) {
            return CompletableFuture.completedFuture(new TransportResult.NotSent("the Feign transport is closed"));
        }
        Call call = new Call();
        inFlight.add(call);
        call.result.whenComplete((r, e) -> {
            inFlight.remove(call);
            call.abort();
        });
        try {
            executor.execute(() -> call.run(() -> send(query, body, call)));
        } catch (RejectedExecutionException e) {
            call.result.complete(new TransportResult.NotSent(
                    "no thread free to send (" + action + "): the executor is full or shut down"));
            return call.result;
        }
        // From the hand-over (a blocking client does not tell when it got its connection): the connect allowance
        // plus the answer deadline.
        call.result.completeOnTimeout(new TransportResult.MaybeSent("no complete answer within "
                + seconds(settings.answerDeadline()) + " (after " + seconds(settings.connectTimeout())
                + " allowed for connecting)"), settings.requestDeadline().toMillis(), TimeUnit.MILLISECONDS);
        if (closed) {
            call.closeNow();
        }
        return call.result;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private TransportResult send(Map<String, String> query, byte[] body, Call call) {
        try (Response response = api.post(new ZimTarget.Call(settings.endpoint().requestTarget(query), body))) {
            call.answering(response);
            return new TransportResult.Answered(response.status(), read(response));
        } catch (IOException | RuntimeException e) {
            return FailurePhase.classify(e);
        }
    }

    private static byte[] read(Response response) throws IOException {
        if (response.body() == null) {
            return new byte[0];
        }
        try (InputStream in = response.body().asInputStream()) {
            return in.readAllBytes();
        }
    }

    /**
     * Completes every request at once (not sent if no thread had taken it up yet, else maybe sent), aborts the calls
     * and stops the transport's own threads; the caller's executor is never shut down.
     */
    @Override
    public void close() {
        closed = true;
        for (Call call : Set.copyOf(inFlight)) {
            call.closeNow();
        }
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "FeignTransport[" + settings.endpoint() + ", " + clientName + "]";
    }

    /** One request: its result, the thread sending it and its answer, so a deadline or close can end it. */
    private static final class Call {
        final CompletableFuture<TransportResult> result = new CompletableFuture<>();
        private Thread worker;
        private Response response;
        private boolean started;
        private boolean finished;

        void run(java.util.function.Supplier<TransportResult> send) {
            synchronized (this) {
                if (result.isDone()) {
                    return;
                }
                started = true;
                worker = Thread.currentThread();
            }
            try {
                result.complete(send.get());
            } finally {
                synchronized (this) {
                    finished = true;
                    worker = null;
                }
                // An abort that raced with the end of the call must not leak into the pool's next task.
                Thread.interrupted();
            }
        }

        synchronized void answering(Response r) {
            response = r;
        }

        synchronized void closeNow() {
            result.complete(started
                    ? new TransportResult.MaybeSent("the Feign transport was closed while waiting for the answer")
                    : new TransportResult.NotSent("the Feign transport was closed before the request was sent"));
        }

        /** Frees the thread of a call that is still going: the JDK client stops on interrupt, OkHttp on close. */
        synchronized void abort() {
            if (finished || worker == null || worker == Thread.currentThread()) {
                return;
            }
            worker.interrupt();
            if (response != null) {
                try {
                    response.close();
                } catch (RuntimeException e) {
                    // Closing anyway.
                }
            }
        }
    }
}
