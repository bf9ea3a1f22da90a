package io.zimmigrate.core.media;

import io.zimmigrate.core.engine.SendGate;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The engine's pre-send hold for relocated messages: a message goes only once every object its body names under
 * the base is stored and recorded ({@link MediaGate}), so a kill at any moment leaves no imported message pointing
 * at a missing object. An object that could not be copied refuses the message (rule
 * {@value RelocatingSource#RULE_UNAVAILABLE}) or, with {@link OnUnavailable#KEEP_ORIGINAL}, sends it with that
 * link's original URL back in place (when this run read the original; otherwise it is refused all the same).
 */
public final class MediaSendGate implements SendGate {

    private final MediaGate gate;
    private final MediaUrlBase base;
    private final OnUnavailable onUnavailable;
    private final Consumer<MediaLink> keptOriginal;

    /** @param keptOriginal hears of each link sent with its original URL, for the report */
    public MediaSendGate(MediaCopier copier, MediaUrlBase base, OnUnavailable onUnavailable,
                         Consumer<MediaLink> keptOriginal) {
        this.gate = new MediaGate(copier, base);
        this.base = Objects.requireNonNull(base, "base");
        this.onUnavailable = Objects.requireNonNull(onUnavailable, "onUnavailable");
        this.keptOriginal = Objects.requireNonNull(keptOriginal, "keptOriginal");
    }

    @Override
    public CompletableFuture<Verdict> ready(Message message) {
        return gate.ready(message).thenApply(r -> r.ready() ? new Verdict.Send(message) : unavailable(message, r));
    }

    private Verdict unavailable(Message message, MediaReadiness readiness) {
        Map<String, CopyOutcome.Unavailable> byUrl = new HashMap<>();
        for (CopyOutcome.Unavailable u : readiness.unavailable()) {
            byUrl.put(base.urlOf(u.object().key()), u);
        }
        List<Violation> violations = new ArrayList<>();
        List<MediaLink> restored = new ArrayList<>();
        boolean[] restorable = {onUnavailable == OnUnavailable.KEEP_ORIGINAL};
        String body = MediaLinks.rewrite(message.type().code(), message.body().message(), link -> {
            CopyOutcome.Unavailable u = byUrl.get(link.source());
            if (u == null) {
                return link.source();
            }
            violations.add(new Violation("MessageBody.Message." + link.field(), RelocatingSource.RULE_UNAVAILABLE,
                    Shown.value(u.object().source()) + " could not be copied: " + u.reason()));
            boolean readThisRun = !u.object().source().startsWith("(");
            restorable[0] &= readThisRun;
            restored.add(new MediaLink(link.field(), u.object().source(), link.fileName()));
            return readThisRun ? u.object().source() : link.source();
        });
        if (!restorable[0] || body == null || violations.isEmpty()) {
            return new Verdict.Refuse(RelocatingSource.RULE_UNAVAILABLE, violations.isEmpty()
                    ? List.of(new Violation("MessageBody.Message", RelocatingSource.RULE_UNAVAILABLE,
                            readiness.unavailable().get(0).reason())) : violations);
        }
        restored.forEach(keptOriginal);
        return new Verdict.Send(new Message(message.id(), message.ordinal(), message.locator(), message.sender(),
                message.conversation(), message.sendTime(), message.type(), message.priority(),
                new MessageBody(body, message.body().extendedData()), message.subType(), message.searchedContent(),
                message.hiddenFor()));
    }
}
