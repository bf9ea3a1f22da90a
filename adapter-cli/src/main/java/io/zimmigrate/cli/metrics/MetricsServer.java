package io.zimmigrate.cli.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zimmigrate.cli.UserException;
import io.zimmigrate.cli.status.RunTally;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves a run's metrics at {@code /metrics} in Prometheus' text format, through Micrometer's Prometheus
 * registry and the JDK's own HTTP server (one daemon thread; nothing to add for a few scrapes a minute).
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor;

    private MetricsServer(HttpServer server, java.util.concurrent.ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code bind:port} (port 0: any free one); a port in use is the user's to fix. */
    public static MetricsServer start(String bind, int port, RunTally tally) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RunMetrics.register(registry, tally);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        } catch (IOException e) {
            throw new UserException("cannot serve metrics on " + bind + ":" + port + ": "
                    + (e instanceof java.net.BindException ? "the port is in use" : e.getMessage()));
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        var executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zim-migrate-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    public String url() {
        InetSocketAddress at = server.getAddress();
        String host = at.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
