package io.zimmigrate.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.port.ReadMessage;
import io.zimmigrate.core.wire.ZimJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What makes a message read back from ZIM "ours": the one answer to that question, used by reconciliation (did a
 * message whose answer was lost land?) and by verification (what does a timeline hold?).
 *
 * <p>A message is identified by its sender, its type and its content. Text and custom content is compared as sent
 * (or URL-decoded). A media body may come back in two forms, and both are read: ZIM's documented read-back form,
 * URL-encoded snake_case JSON ({@code file_name}, {@code download_url}, {@code origin_image_download_url};
 * zim-api.md §6), and the body as it was sent ({@code FileName}, {@code Url}, {@code Origin.Url}, {@code Uid}). Its
 * content is its file name and URL, which both forms carry; where the read-back also carries the caller's
 * {@code Uid}, the Uids must agree too.
 */
public final class MessageIdentity {
    private MessageIdentity() {}

    /** Whether a read-back message is the one we sent. */
    public enum Match {
        OURS,
        NOT_OURS,
        /** Our sender and type, but a body neither form explains: nobody can tell, so nothing may be resent. */
        CANNOT_DECIDE
    }

    /** A media body's identity: file name, URL, and the caller's Uid when the form carries it (else null). */
    private record Media(String fileName, String url, String uid) {
        String key() {
            return fileName + "|" + url;
        }
    }

    /** The key under which a sent message and its read-back compare equal (verification's signature). */
    public static String of(Message m) {
        String content = m.body().message();
        if (m.type().isMedia()) {
            content = readMedia(content).map(Media::key).orElse(content);
        }
        return m.sender().value() + "|" + m.type().code() + "|" + content;
    }

    /** The key of a message read back; equal to {@link #of(Message)} of the message it is. */
    public static String of(ReadMessage q) {
        String content = q.body();
        if (q.isMedia()) {
            content = readMedia(content).map(Media::key).orElse(content);
        }
        return q.sender().value() + "|" + q.type() + "|" + content;
    }

    /**
     * The keys under which {@link #of(Message)} of a message that {@link #match matches} {@code q} may be found: its
     * own key, and for text read back URL-encoded the decoded one. A lookup by these keys only finds candidates;
     * {@link #match} decides.
     */
    public static java.util.Set<String> candidateKeys(ReadMessage q) {
        String key = of(q);
        if (q.isMedia()) {
            return java.util.Set.of(key);
        }
        String decoded = q.sender().value() + "|" + q.type() + "|" + urlDecoded(q.body());
        return decoded.equals(key) ? java.util.Set.of(key) : java.util.Set.of(key, decoded);
    }

    public static Match match(Message sent, ReadMessage found) {
        if (!sent.sender().equals(found.sender()) || sent.type().code() != found.type()) {
            return Match.NOT_OURS;
        }
        String body = found.body();
        if (!sent.type().isMedia()) {
            return sent.body().message().equals(body) || sent.body().message().equals(urlDecoded(body))
                    ? Match.OURS : Match.NOT_OURS;
        }
        Optional<Media> mine = readMedia(sent.body().message());
        Optional<Media> theirs = readMedia(body);
        if (mine.isEmpty() || theirs.isEmpty()) {
            return Match.CANNOT_DECIDE;
        }
        Media a = mine.get();
        Media b = theirs.get();
        if (a.uid() != null && b.uid() != null) {
            return a.uid().equals(b.uid()) && a.key().equals(b.key()) ? Match.OURS : Match.NOT_OURS;
        }
        return a.key().equals(b.key()) ? Match.OURS : Match.NOT_OURS;
    }

    /** A media body in either form: as sent (JSON, PascalCase), or ZIM's read-back form (URL-encoded snake_case). */
    private static Optional<Media> readMedia(String body) {
        Optional<Media> m = json(body).flatMap(MessageIdentity::media);
        return m.isPresent() ? m : json(urlDecoded(body)).flatMap(MessageIdentity::media);
    }

    private static Optional<Media> media(JsonNode n) {
        if (n.hasNonNull("FileName") && (n.hasNonNull("Url") || n.path("Origin").hasNonNull("Url"))) {
            String url = n.hasNonNull("Url") ? n.get("Url").asText() : n.path("Origin").get("Url").asText();
            return Optional.of(new Media(n.get("FileName").asText(), url, n.hasNonNull("Uid") ? n.get("Uid").asText() : null));
        }
        if (n.hasNonNull("file_name") && (n.hasNonNull("download_url") || n.hasNonNull("origin_image_download_url"))) {
            String url = n.hasNonNull("origin_image_download_url") ? n.get("origin_image_download_url").asText()
                    : n.get("download_url").asText();
            String uid = n.hasNonNull("uid") ? n.get("uid").asText() : n.hasNonNull("file_uid") ? n.get("file_uid").asText() : null;
            return Optional.of(new Media(n.get("file_name").asText(), url, uid));
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> json(String s) {
        try {
            JsonNode n = ZimJson.mapper().readTree(s);
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String urlDecoded(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
