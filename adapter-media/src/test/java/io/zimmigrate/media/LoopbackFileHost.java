package io.zimmigrate.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file host on loopback for tests and benchmarks: serves what was {@link #put}, counts downloads per path,
 * answers 404 for anything else. Paths under {@code /slack/} behave like Slack's {@code url_private}: without the
 * right bearer token the answer is a 200 login page. {@link #failNext} makes a path answer 503 a few times.
 * Large files are generated while sent ({@link #putGenerated}), so multi-MB tests need no memory for them.
 * {@link #stall} makes a path send its headers and the first bytes of its body, then nothing until
 * {@link #resume} or {@link #close} (a file host that hangs mid-body).
 */
public final class LoopbackFileHost implements AutoCloseable {

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = Executors.newCachedThreadPool(); // stalled answers hold their thread
    private final AtomicInteger secretsToOtherHosts = new AtomicInteger();
    private final String token;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Long> generated = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> stallAfter = new ConcurrentHashMap<>();
    private final AtomicInteger stalledNow = new AtomicInteger();
    private volatile long delayMillis;
    private volatile java.util.concurrent.CountDownLatch stalls = new java.util.concurrent.CountDownLatch(1);

    public LoopbackFileHost(String slackToken) throws IOException {
        this.token = slackToken;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public LoopbackFileHost put(String path, byte[] bytes) {
        files.put(path, bytes);
        return this;
    }

    /** A file of {@code size} bytes whose byte i is {@code (i * 31 + 7) & 0xff}. */
    public LoopbackFileHost putGenerated(String path, long size) {
        generated.put(path, size);
        return this;
    }

    public static byte generatedByte(long i) {
        return (byte) ((i * 31 + 7) & 0xff);
    }

    /** From now on, answers of this path stop after {@code bytes} bytes of the body and hang there. */
    public LoopbackFileHost stall(String path, int bytes) {
        stallAfter.put(path, bytes);
        return this;
    }

    /** Answers hanging now finish their bodies; later answers of stalled paths are whole again. */
    public void resume() {
        stallAfter.clear();
        stalls.countDown();
        stalls = new java.util.concurrent.CountDownLatch(1);
    }

    /** Every file answer waits this long before its headers (a distant or busy host), so copies take time. */
    public LoopbackFileHost delayEachAnswer(java.time.Duration delay) {
        delayMillis = delay.toMillis();
        return this;
    }

    /** Answers hanging mid-body at this moment. */
    public int stalledNow() {
        return stalledNow.get();
    }

    public void failNext(String path, int times) {
        failures.put(path, new AtomicInteger(times));
    }

    /** Complete answers of the file itself (not 404s, 503s or login pages). */
    public int downloads(String path) {
        AtomicInteger n = downloads.get(path);
        return n == null ? 0 : n.get();
    }

    /** Requests that carried an Authorization header to a host name other than 127.0.0.1. */
    public int secretsToOtherHosts() {
        return secretsToOtherHosts.get();
    }

    public int totalDownloads() {
        return downloads.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void answer(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String hostHeader = x.getRequestHeaders().getFirst("Host");
            if (hostHeader != null && !hostHeader.startsWith("127.0.0.1") && x.getRequestHeaders().containsKey("Authorization")) {
                secretsToOtherHosts.incrementAndGet();
            }
            if (path.startsWith("/away/")) { // to the same server under another host name
                x.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + path.substring("/away".length()));
                x.sendResponseHeaders(302, -1);
                return;
            }
            AtomicInteger fail = failures.get(path);
            if (fail != null && fail.getAndDecrement() > 0) {
                x.sendResponseHeaders(503, -1);
                return;
            }
            if (path.startsWith("/slack/") && !("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                byte[] page = "<html>Sign in to Slack</html>".getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                x.sendResponseHeaders(200, page.length);
                x.getResponseBody().write(page);
                return;
            }
            if (path.startsWith("/moved/")) {
                x.getResponseHeaders().add("Location", path.substring("/moved".length()));
                x.sendResponseHeaders(302, -1);
                return;
            }
            byte[] bytes = files.get(path);
            Long size = generated.get(path);
            if (bytes == null && size == null) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException closing) {
                    return;
                }
            }
            x.getResponseHeaders().add("Content-Type", "application/octet-stream");
            OutputStream out = x.getResponseBody();
            Integer stallAt = stallAfter.get(path);
            if (bytes != null && stallAt != null) {
                java.util.concurrent.CountDownLatch until = stalls;
                x.sendResponseHeaders(200, bytes.length);
                out.write(bytes, 0, stallAt);
                out.flush();
                stalledNow.incrementAndGet();
                try {
                    until.await();
                } catch (InterruptedException closing) {
                    return; // the host is closing: the answer ends short
                } finally {
                    stalledNow.decrementAndGet();
                }
                out.write(bytes, stallAt, bytes.length - stallAt);
            } else if (bytes != null) {
                x.sendResponseHeaders(200, bytes.length);
                out.write(bytes);
            } else {
                x.sendResponseHeaders(200, size);
                byte[] chunk = new byte[1 << 16];
                for (long i = 0; i < size; ) {
                    int n = (int) Math.min(chunk.length, size - i);
                    for (int k = 0; k < n; k++) {
                        chunk[k] = generatedByte(i + k);
                    }
                    out.write(chunk, 0, n);
                    i += n;
                }
            }
            out.flush();
            downloads.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
