package io.zimmigrate.core.gateway;

import java.util.regex.Pattern;

/**
 * Removes the request signature from text meant for people (logs, outcome reasons, exception messages). A
 * signature is valid for ten minutes, so a logged URL would let anyone who reads the log send requests as the app
 * for that long. HTTP clients like to put the full URL in their exception messages; everything that leaves a
 * transport goes through here.
 */
public final class Redaction {
    static final String HIDDEN = "<hidden>";
    // "Signature=" as a query parameter (not SignatureNonce/SignatureVersion, which are public), and
    // "Signature":"…" in JSON.
    private static final Pattern QUERY = Pattern.compile("(?<![A-Za-z0-9_])(Signature)=[^&\\s\"'<>]*");
    private static final Pattern JSON = Pattern.compile("(\"Signature\"\\s*:\\s*)\"[^\"]*\"");

    private Redaction() {}

    public static String redact(String text) {
        if (text == null || !text.contains("Signature")) {
            return text;
        }
        String out = QUERY.matcher(text).replaceAll("$1=" + HIDDEN);
        return JSON.matcher(out).replaceAll("$1\"" + HIDDEN + "\"");
    }

    /** Text for a failure: the exception type and its message, redacted; never a stack trace. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String message = failure.getMessage();
        String type = failure.getClass().getSimpleName();
        return redact(message == null || message.isBlank() ? type : type + ": " + message);
    }
}
