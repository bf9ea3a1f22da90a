package io.zimmigrate.core.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 for transport tests, written on plain sockets so it can misbehave on purpose:
 * answer slowly, drop the connection after reading the request, answer without a ZIM body, redirect. It records every
 * request exactly as it arrived. One request per connection ({@code Connection: close}).
 */
public final class StubZimServer implements AutoCloseable {

    /** One request as it arrived. */
    public record Received(String requestLine, Map<String, String> headers, byte[] body) {
        public String method() {
            return requestLine.split(" ")[0];
        }

        public String target() {
            return requestLine.split(" ")[1];
        }

        public String version() {
            return requestLine.split(" ")[2];
        }

        public Map<String, String> query() {
            Map<String, String> q = new LinkedHashMap<>();
            String raw = URI.create(target()).getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    q.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return q;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What to do with a request. */
    public sealed interface Reply {
        record Answer(int status, String body, long delayMillis, Map<String, String> headers) implements Reply {}

        /** Read the request, then close the connection without a word. */
        record Drop() implements Reply {}

        /** The status line and headers at once, then the body one byte every {@code byteMillis}. */
        record Trickle(String body, long byteMillis) implements Reply {}

        static Reply zim(String json) {
            return new Answer(200, json, 0, Map.of());
        }

        static Reply code(long code) {
            return zim("{\"Code\":" + code + ",\"Message\":\"m\",\"RequestId\":\"1\"}");
        }

        static Reply slow(String json, long delayMillis) {
            return new Answer(200, json, delayMillis, Map.of());
        }

        static Reply status(int status, String body) {
            return new Answer(status, body, 0, Map.of());
        }

        static Reply redirect(String location) {
            return new Answer(302, "", 0, Map.of("Location", location));
        }

        static Reply drop() {
            return new Drop();
        }

        static Reply trickle(String json, long byteMillis) {
            return new Trickle(json, byteMillis);
        }
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-zim");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<Received, Reply> replies = r -> Reply.code(0);

    private StubZimServer(ServerSocket socket) {
        this.socket = socket;
        threads.execute(this::acceptLoop);
    }

    public static StubZimServer start() {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            return new StubZimServer(s);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stub server", e);
        }
    }

    public StubZimServer replying(Function<Received, Reply> replies) {
        this.replies = replies;
        return this;
    }

    public ZimEndpoint endpoint() {
        return ZimEndpoint.of("http://127.0.0.1:" + socket.getLocalPort());
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            Received r = new Received(requestLine, headers, body);
            received.add(r);
            Reply reply = replies.apply(r);
            if (reply instanceof Reply.Answer a) {
                if (a.delayMillis() > 0) {
                    Thread.sleep(a.delayMillis());
                }
                byte[] payload = a.body().getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder("HTTP/1.1 " + a.status() + " X\r\n")
                        .append("Content-Type: application/json\r\n")
                        .append("Content-Length: ").append(payload.length).append("\r\n")
                        .append("Connection: close\r\n");
                a.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                head.append("\r\n");
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(payload);
                out.flush();
            }
            if (reply instanceof Reply.Trickle t) {
                byte[] payload = t.body().getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + payload.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                for (byte b : payload) {
                    Thread.sleep(t.byteMillis());
                    out.write(b);
                    out.flush();
                }
            }
            // Drop: fall through and close.
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The client went away, or the test is over.
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                buf.write(c);
            }
        }
        return c == -1 && buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
