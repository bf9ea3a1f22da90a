package io.zimmigrate.cli.connect;

import io.zimmigrate.core.gateway.Redaction;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimTransport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A transport whose HTTP stack starts on a thread of its own while the command reads its input and its journal.
 * Starting Vert.x (its event loops, Netty, the Web Client) takes about half a second of a resume's two (P6,
 * docs/performance.md), and nothing before the first request needs it. The first request waits for the start if it
 * is not done yet, so requests still leave one by one in the engine's order.
 *
 * <p>Opening a transport reads nothing the user gave (the settings were checked before), so it fails only when the
 * JVM itself cannot start one (no threads, no memory); such a failure makes every request "not sent" with its
 * reason, and the run stops with it after the outage limit like any unreachable ZIM.
 */
final class OpenedInBackground implements ZimTransport {
    private final CompletableFuture<ZimTransport> opened = new CompletableFuture<>();

    private OpenedInBackground(ZimTransport.Factory factory, TransportSettings settings) {
        Thread opener = new Thread(() -> {
            try {
                opened.complete(factory.open(settings));
            } catch (RuntimeException | Error e) {
                opened.completeExceptionally(e); // told to the first request, never printed from here
            }
        }, "zim-migrate-transport-start");
        opener.setDaemon(true);
        opener.start();
    }

    /** {@code factory}, each transport it opens started in the background. */
    static ZimTransport.Factory of(ZimTransport.Factory factory) {
        return settings -> new OpenedInBackground(factory, settings);
    }

    @Override
    public CompletionStage<TransportResult> post(String action, Map<String, String> query, byte[] body) {
        ZimTransport transport;
        try {
            transport = opened.join();
        } catch (CompletionException e) {
            return CompletableFuture.completedFuture(new TransportResult.NotSent(
                    "the HTTP client could not start: " + Redaction.describe(e.getCause())));
        }
        return transport.post(action, query, body);
    }

    @Override
    public void close() {
        try {
            opened.join().close();
        } catch (CompletionException e) {
            // it never started: nothing to close
        }
    }
}
