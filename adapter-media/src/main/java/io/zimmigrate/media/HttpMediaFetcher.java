package io.zimmigrate.media;

import io.zimmigrate.core.port.MediaFetcher;
import io.zimmigrate.core.port.MediaUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Fetches originals over HTTP(S) with the JDK client, streaming the body. A source's secret goes only where its
 * {@link HostCredential} allows, and redirects are followed here, hop by hop, so a redirect away from the
 * source's hosts drops the secret. 404, 410, 401 and 403 are {@link MediaUnavailableException}s (retrying will
 * not help); 408, 429 and 5xx are passing failures the copier retries, and so is a body during which the host
 * sends nothing for the idle timeout ({@link IdleTimeoutBody}).
 */
public final class HttpMediaFetcher implements MediaFetcher {

    private static final int MAX_REDIRECTS = 5;
    /** Long enough for a slow or busy host, short enough that a dead one costs minutes, not a hung run. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient client;
    private final List<HostCredential> credentials;
    private final Duration timeout;
    private final Duration idleTimeout;

    private HttpMediaFetcher(Builder b) {
        this.credentials = List.copyOf(b.credentials);
        this.timeout = b.timeout;
        this.idleTimeout = b.idleTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean handles(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("https://") || s.startsWith("http://");
    }

    @Override
    public Original open(String source) throws IOException {
        URI first = parse(source);
        URI uri = first;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = send(uri);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                response.body().close();
                uri = uri.resolve(response.headers().firstValue("Location").get());
                continue;
            }
            if (status == 200) {
                return original(first, uri, response);
            }
            response.body().close();
            if (status == 408 || status == 429 || status >= 500) {
                throw new IOException("HTTP " + status);
            }
            throw new MediaUnavailableException("HTTP " + status + (status == 401 || status == 403 ? secretHint(uri) : ""));
        }
        throw new MediaUnavailableException("more than " + MAX_REDIRECTS + " redirects");
    }

    private HttpResponse<InputStream> send(URI uri) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        for (HostCredential c : credentials) {
            if (c.belongsTo(uri)) {
                if (!c.mayTravelTo(uri)) {
                    throw new MediaUnavailableException("the " + c.name() + " is sent over HTTPS only, and this URL is plain http");
                }
                request.header(c.header(), c.value());
            }
        }
        try {
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofPublisher());
            IdleTimeoutBody body = new IdleTimeoutBody(idleTimeout);
            response.body().subscribe(body);
            return new BodyResponse(response, body);
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /**
     * Slack answers a file request without a valid token with its login page and status 200: taken as the
     * forbidden it is, rather than stored as the file (also when a redirect led off the source's hosts, where the
     * secret was not sent).
     */
    private Original original(URI first, URI uri, HttpResponse<InputStream> response) throws IOException {
        HttpHeaders headers = response.headers();
        String type = headers.firstValue("Content-Type").orElse(null);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html")
                && credentials.stream().anyMatch(c -> c.belongsTo(first)) && !uri.getPath().toLowerCase(Locale.ROOT).endsWith(".html")) {
            response.body().close();
            throw new MediaUnavailableException("the host answered with a web page instead of the file" + secretHint(first));
        }
        OptionalLong size = headers.firstValueAsLong("Content-Length").isPresent()
                && headers.firstValue("Content-Encoding").isEmpty()
                ? OptionalLong.of(headers.firstValueAsLong("Content-Length").getAsLong()) : OptionalLong.empty();
        InputStream body = response.body();
        return new Original() {
            @Override
            public InputStream content() {
                return body;
            }

            @Override
            public OptionalLong size() {
                return size;
            }

            @Override
            public String contentType() {
                return type;
            }

            @Override
            public void close() throws IOException {
                body.close();
            }
        };
    }

    private String secretHint(URI uri) {
        Optional<HostCredential> c = credentials.stream().filter(x -> x.belongsTo(uri)).findFirst();
        return c.map(x -> " (check the " + x.name() + " and its permissions)").orElse(" (this host may need a token)");
    }

    private static URI parse(String source) throws MediaUnavailableException {
        try {
            URI uri = new URI(source);
            if (uri.getHost() == null) {
                throw new MediaUnavailableException("not a URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new MediaUnavailableException("not a valid URL: " + e.getReason());
        }
    }

    public static final class Builder {
        private final List<HostCredential> credentials = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(30);
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

        /** A source's secret and its hosts; several may be given (a Slack and a Sendbird export in one run). */
        public Builder credential(HostCredential c) {
            credentials.add(c);
            return this;
        }

        /** How long to wait to connect and for an answer's headers (a body then streams as long as it takes). */
        public Builder timeout(Duration d) {
            timeout = d;
            return this;
        }

        /**
         * How long a body may send nothing before the read fails (a passing failure, retried): a host that stalls
         * mid-file must not hold a transfer forever. Bytes arriving at any pace keep it going.
         */
        public Builder idleTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the idle timeout is positive");
            }
            idleTimeout = d;
            return this;
        }

        public HttpMediaFetcher build() {
            return new HttpMediaFetcher(this);
        }
    }

    /** The answer with its body already subscribed as a stream; the rest of the class reads it as before. */
    private record BodyResponse(HttpResponse<?> answer, IdleTimeoutBody body) implements HttpResponse<InputStream> {
        @Override
        public int statusCode() {
            return answer.statusCode();
        }

        @Override
        public HttpRequest request() {
            return answer.request();
        }

        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return answer.headers();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return answer.sslSession();
        }

        @Override
        public URI uri() {
            return answer.uri();
        }

        @Override
        public HttpClient.Version version() {
            return answer.version();
        }
    }
}
