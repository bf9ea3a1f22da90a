package io.zimmigrate.cli.output;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A transport failure said in an operator's words: "connection refused", "the name does not resolve", "TLS
 * failure", never a Java class name. The gateway's reasons look like
 * {@code not sent: ConnectException: Connection refused: /127.0.0.1:9}.
 */
public final class PlainTrouble {
    private static final Pattern CLASS_NAMES = Pattern.compile("\\b(?:[a-z]\\w*\\.)*[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");

    private PlainTrouble() {}

    /** Whether {@code reason} says a request got no ZIM answer at all (as opposed to ZIM answering "busy"). */
    static boolean unanswered(String reason) {
        return reason != null && (reason.startsWith("not sent") || reason.startsWith("no answer")
                || reason.startsWith("HTTP "));
    }

    /** The trouble in {@code reason} (a {@code Retried} or {@code Unknown} event's), in an operator's words. */
    static String of(String reason) {
        String r = reason == null ? "" : reason;
        String lower = r.toLowerCase(Locale.ROOT);
        if (lower.contains("connection refused")) {
            return "connection refused";
        }
        if (lower.contains("unknownhost") || lower.contains("failed to resolve") || lower.contains("name or service not known")
                || lower.contains("nodename nor servname") || lower.contains("no such host")) {
            return "the name does not resolve (DNS)";
        }
        if (lower.contains("pkix") || lower.contains("unable to find valid certification path")) {
            return "TLS failure (the server's certificate is not trusted by this Java: self-signed, or signed by an "
                    + "authority it does not know)";
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return "TLS failure (the server's certificate is for another name)";
        }
        if (lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate")) {
            return "TLS failure (certificate or protocol): " + stripped(r);
        }
        if (lower.contains("timed out") || lower.contains("timeout")) {
            return r.startsWith("not sent") ? "connection timed out" : "no answer in time (read timeout)";
        }
        if (lower.contains("connectexception")) {
            // The JDK's HTTP client (Feign's default) refuses with a bare ConnectException, no message.
            return "connection refused";
        }
        if (lower.contains("reset") || lower.contains("closed")) {
            return "the connection was closed before ZIM answered";
        }
        return stripped(r);
    }

    /**
     * {@code text} (a stop reason, a last error) without the Java class names a transport's message carries, e.g.
     * "last: not sent: UnknownHostException: Failed to resolve …" reads "last: not sent: Failed to resolve …".
     */
    public static String readable(String text) {
        return text == null ? null : CLASS_NAMES.matcher(text).replaceAll("");
    }

    private static String stripped(String reason) {
        String s = CLASS_NAMES.matcher(reason.replaceFirst("^(not sent|no answer): ", "")).replaceAll("").strip();
        return s.isEmpty() ? "failed" : s;
    }
}
