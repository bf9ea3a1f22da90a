package io.zimmigrate.core.media;

import io.zimmigrate.core.model.Message;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the engine asks before a message's first request: is every object its relocated body points at stored and
 * recorded? The keys are read back from the body (each URL under the base is base + key), so the engine needs
 * nothing but the message it planned.
 */
public final class MediaGate {

    private final MediaCopier copier;
    private final MediaUrlBase base;

    public MediaGate(MediaCopier copier, MediaUrlBase base) {
        this.copier = Objects.requireNonNull(copier, "copier");
        this.base = Objects.requireNonNull(base, "base");
    }

    /** Completes when every object of the message has ended; {@link MediaReadiness#ready()} says if it may go. */
    public CompletableFuture<MediaReadiness> ready(Message message) {
        Set<String> keys = new LinkedHashSet<>();
        for (MediaLink link : MediaLinks.find(message.type().code(), message.body().message())) {
            if (link.source().startsWith(base.toString())) {
                keys.add(link.source().substring(base.toString().length()));
            }
        }
        return keys.isEmpty() ? CompletableFuture.completedFuture(new MediaReadiness(java.util.List.of(), java.util.List.of()))
                : copier.whenStoredKeys(keys);
    }
}
