package io.zimmigrate.core.gateway;

import com.google.common.net.InetAddresses;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where ZIM's server API lives: a bare origin ({@code scheme://host[:port]}). The default is the unified host
 * {@code https://zim-api.zego.im}; ZIM advises the regional host nearest to <em>your server</em>
 * ({@link #region(String)}). Plain {@code http://} is refused unless the host is a loopback address (the local
 * emulator), because the request URL carries a signature that is valid for ten minutes.
 */
public final class ZimEndpoint {
    /** The unified host, any region. */
    public static final ZimEndpoint DEFAULT = new ZimEndpoint(URI.create("https://zim-api.zego.im"));

    private static final Map<String, String> REGIONS = new TreeMap<>(Map.of(
            "sha", "Chinese mainland (Shanghai)",
            "hkg", "Hong Kong, Macau, Taiwan",
            "fra", "Europe (Frankfurt)",
            "lax", "Western US (California)",
            "bom", "Asia-Pacific (Mumbai)",
            "sgp", "Southeast Asia (Singapore)"));

    private final URI origin;

    private ZimEndpoint(URI origin) {
        this.origin = origin;
    }

    /** The regional host for a short name ({@code sha, hkg, fra, lax, bom, sgp}), e.g. {@code fra} → {@code https://zim-api-fra.zego.im}. */
    public static ZimEndpoint region(String shortName) {
        String name = Objects.requireNonNull(shortName, "shortName").strip().toLowerCase(Locale.ROOT);
        if (!REGIONS.containsKey(name)) {
            throw new IllegalArgumentException("unknown ZIM region \"" + shortName + "\"; known regions: "
                    + String.join(", ", REGIONS.keySet()));
        }
        return new ZimEndpoint(URI.create("https://zim-api-" + name + ".zego.im"));
    }

    /** The regions {@link #region(String)} knows, short name → where. */
    public static Map<String, String> regions() {
        return java.util.Collections.unmodifiableMap(REGIONS);
    }

    /** An endpoint from a URL such as {@code https://zim-api.zego.im} or {@code http://127.0.0.1:8080}. */
    public static ZimEndpoint of(String url) {
        Objects.requireNonNull(url, "url");
        try {
            return of(new URI(url.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the ZIM endpoint \"" + url + "\" is not a URL: " + e.getReason());
        }
    }

    /** An endpoint from a URI; see the class comment for the rules. */
    public static ZimEndpoint of(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String shown = "the ZIM endpoint \"" + uri + "\" ";
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || uri.isOpaque() || uri.getHost() == null) {
            throw new IllegalArgumentException(shown + "must be an absolute URL like https://zim-api.zego.im");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException(shown + "must use https://");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(shown + "must not contain a user name or password");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(shown
                    + "must be just scheme://host[:port]: ZIM's API lives at the root, and zim-migrate adds the query");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(shown + "uses plain http://, which is allowed only for a loopback host "
                    + "(127.0.0.0/8, ::1, localhost), e.g. the local emulator; use https:// for a remote host, "
                    + "since every request URL carries a signature");
        }
        try {
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return new ZimEndpoint(new URI(scheme, null, host, uri.getPort(), null, null, null));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(shown + "is not a valid URL: " + e.getReason());
        }
    }

    /**
     * A region short name, or a URL. What a command line or a config file passes through: {@code fra},
     * {@code https://zim-api.zego.im}, {@code http://127.0.0.1:9000}.
     */
    public static ZimEndpoint parse(String regionOrUrl) {
        Objects.requireNonNull(regionOrUrl, "regionOrUrl");
        String text = regionOrUrl.strip();
        return text.contains("://") ? of(text) : region(text);
    }

    /**
     * Whether requests to this endpoint stay on this machine (a local emulator): see {@link #isLoopback(String)}.
     */
    public boolean isLoopback() {
        return isLoopback(origin.getHost());
    }

    /**
     * True for {@code localhost}, an IPv4 literal in 127.0.0.0/8, or the IPv6 loopback literal (bracketed or not).
     * Names are not resolved (no DNS here): a name other than {@code localhost} is not loopback, whatever it
     * resolves to today. The one loopback check of the code base (the CLI asks this too).
     */
    public static boolean isLoopback(String host) {
        String h = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        String literal = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        return InetAddresses.isInetAddress(literal) && InetAddresses.forString(literal).isLoopbackAddress();
    }

    /** {@code scheme://host[:port]}, without a trailing slash. */
    public URI origin() {
        return origin;
    }

    public boolean isSecure() {
        return origin.getScheme().equals("https");
    }

    public String host() {
        return origin.getHost();
    }

    /** The port, or the scheme's default (443 / 80) when the URL names none. */
    public int port() {
        return origin.getPort() >= 0 ? origin.getPort() : isSecure() ? 443 : 80;
    }

    /**
     * The URL of one request: {@code <origin>/?<query>}. Both transports send exactly this. It carries the signature:
     * send it, never log it.
     */
    public URI requestUri(Map<String, String> query) {
        return URI.create(origin + requestTarget(query));
    }

    /**
     * The path and query of one request, {@code /?<query>}, for a client that is given {@link #host()},
     * {@link #port()} and {@link #isSecure()} once: no {@link URI} built and parsed again for every request (the
     * Vert.x transport's per-answer path, bench/p5-one-timeline.sh). Carries the signature: send it, never log it.
     */
    public String requestTarget(Map<String, String> query) {
        return "/?" + SignedQuery.encode(query);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZimEndpoint other && origin.equals(other.origin);
    }

    @Override
    public int hashCode() {
        return origin.hashCode();
    }

    @Override
    public String toString() {
        return origin.toString();
    }
}
