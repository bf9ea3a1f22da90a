package io.zimmigrate.media;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A secret header a source's files need, and the only hosts it may go to. It is sent over HTTPS, or plain HTTP to
 * a loopback address (a local rehearsal), never anywhere else; {@link #toString()} never shows it.
 *
 * @param hosts exact host names, or suffixes starting with a dot ({@code .sendbird.com})
 */
public record HostCredential(String name, String header, String value, List<String> hosts) {

    /** Slack's files ({@code url_private}) take the bot token, with the {@code files:read} scope. */
    public static final String SLACK_TOKEN_VARIABLE = "SLACK_BOT_TOKEN";
    /** Sendbird's files take the application's API token. */
    public static final String SENDBIRD_TOKEN_VARIABLE = "SENDBIRD_API_TOKEN";

    public HostCredential {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(value, "value");
        hosts = List.copyOf(hosts);
    }

    public static HostCredential slackBot(String token) {
        return new HostCredential("Slack bot token", "Authorization", "Bearer " + token, List.of("files.slack.com"));
    }

    public static HostCredential sendbird(String token) {
        return new HostCredential("Sendbird API token", "Api-Token", token, List.of(".sendbird.com"));
    }

    /** The same secret for other hosts (a proxy in front of Slack, a test host on loopback). */
    public HostCredential forHosts(List<String> others) {
        return new HostCredential(name, header, value, others);
    }

    /** Whether the URI's host is one this credential belongs to, whatever its scheme. */
    boolean belongsTo(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return hosts.stream().anyMatch(h -> h.startsWith(".") ? host.endsWith(h) : host.equals(h));
    }

    static boolean isLoopback(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1");
    }

    /** Whether the secret may travel on this URI: its host, and a channel nobody on the way can read. */
    boolean mayTravelTo(URI uri) {
        return belongsTo(uri) && ("https".equalsIgnoreCase(uri.getScheme())
                || ("http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri)));
    }

    @Override
    public String toString() {
        return name + " for " + hosts;
    }
}
