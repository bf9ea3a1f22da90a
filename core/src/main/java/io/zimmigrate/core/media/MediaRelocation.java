package io.zimmigrate.core.media;

import io.zimmigrate.core.input.RawMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites a message's media URLs to {@code base + key} and names the objects that must be stored for it. Pure
 * and deterministic: the same message under the same base always gives the same body and keys, so a message read
 * twice (a sort, a resumed run) is planned, sent and reconciled with one body.
 */
public final class MediaRelocation {

    private final MediaUrlBase base;

    public MediaRelocation(MediaUrlBase base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    public MediaUrlBase base() {
        return base;
    }

    /** The store key for a link: stable per source reference, and short enough for ZIM's URL limit under the base. */
    public String keyOf(MediaLink link) {
        return MediaKeys.keyFor(link.source(), link.fileName(), base.keyRoom());
    }

    /**
     * The message with every relocatable URL replaced, except those {@code keep} says stay original.
     * A URL already under the base is left as it is and needs no object (an export relocated before).
     */
    public Relocated relocate(RawMessage message, Keep keep) {
        List<MediaObject> objects = new ArrayList<>();
        List<MediaLink> kept = new ArrayList<>();
        String body = MediaLinks.rewrite(message.messageType(), message.bodyMessage(), link -> {
            if (link.source().startsWith(base.toString())) {
                return link.source();
            }
            MediaObject object = new MediaObject(keyOf(link), link.source());
            if (keep.keepsOriginal(link, object)) {
                kept.add(link);
                return link.source();
            }
            if (!objects.contains(object)) {
                objects.add(object);
            }
            return base.urlOf(object.key());
        });
        RawMessage rewritten = body == null || body.equals(message.bodyMessage()) ? message : new RawMessage(message.id(),
                message.groupId(), message.toUserId(), message.fromUserId(), message.messageType(), message.priority(),
                body, message.bodyExtendedData(), message.subMsgType(), message.searchedContent(),
                message.sendMessageTime(), message.hiddenFor());
        return new Relocated(rewritten, List.copyOf(objects), List.copyOf(kept));
    }

    /** Every object a message needs, without rewriting it (what the copy pass reads). */
    public List<MediaObject> objectsOf(RawMessage message) {
        return relocate(message, (link, object) -> false).objects();
    }

    /** Decides, per link, that the original URL stays (its copy failed and the run keeps originals). */
    @FunctionalInterface
    public interface Keep {
        boolean keepsOriginal(MediaLink link, MediaObject object);
    }

    /**
     * @param message the message as it is to be imported
     * @param objects what must be stored before it is sent, each once, in body order
     * @param kept    links left at their original URL
     */
    public record Relocated(RawMessage message, List<MediaObject> objects, List<MediaLink> kept) {}
}
