package io.zimmigrate.emulator.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A pass-through in front of the emulator that keeps a copy of every request body, so a test can check the exact
 * bytes a gateway put on the wire (the emulator itself keeps what it parsed, not the bytes). Only for tests where
 * nothing goes wrong on purpose: it forwards, it does not fake faults.
 */
final class RecordingTap implements AutoCloseable {

    /** One request as the gateway sent it. */
    record Tapped(String action, String rawQuery, String contentType, byte[] body) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final List<Tapped> tapped = Collections.synchronizedList(new ArrayList<>());

    RecordingTap(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::relay);
        server.setExecutor(threads);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Tapped> tapped() {
        synchronized (tapped) {
            return List.copyOf(tapped);
        }
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String rawQuery = exchange.getRequestURI().getRawQuery();
            String action = rawQuery == null ? "" : rawQuery.replaceFirst("^Action=([^&]*).*$", "$1");
            tapped.add(new Tapped(action, rawQuery, exchange.getRequestHeaders().getFirst("Content-Type"), body));
            HttpResponse<byte[]> answer = forward.send(HttpRequest.newBuilder(URI.create(target + "/?" + rawQuery))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
