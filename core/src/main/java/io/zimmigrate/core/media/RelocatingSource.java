package io.zimmigrate.core.media;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A source whose media messages come out already relocated: the engine (validation, plan, journal,
 * reconciliation) only ever sees the URLs ZIM will hold, so a read-back body matches the planned one. Each
 * object a message needs is handed to {@code found} as the record is read (the copier starts on it long before
 * the message's turn comes). An original already known to be unavailable makes the message a rejection
 * ({@value #RULE_UNAVAILABLE}), or, with {@link OnUnavailable#KEEP_ORIGINAL}, keeps its original URL.
 */
public final class RelocatingSource implements MessageSource {

    public static final String RULE_UNAVAILABLE = "media.unavailable";

    private final MessageSource inner;
    private final MediaRelocation relocation;
    private final MediaFailures failures;
    private final OnUnavailable onUnavailable;
    private final Consumer<MediaObject> found;
    private final Consumer<MediaLink> keptOriginal;

    /**
     * @param found        receives each object a readable record needs (every pass; the copier ignores repeats)
     * @param keptOriginal receives each link left at its original URL because its copy failed, for the report
     */
    public RelocatingSource(MessageSource inner, MediaRelocation relocation, MediaFailures failures,
                            OnUnavailable onUnavailable, Consumer<MediaObject> found, Consumer<MediaLink> keptOriginal) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.relocation = Objects.requireNonNull(relocation, "relocation");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.onUnavailable = Objects.requireNonNull(onUnavailable, "onUnavailable");
        this.found = Objects.requireNonNull(found, "found");
        this.keptOriginal = Objects.requireNonNull(keptOriginal, "keptOriginal");
    }

    @Override
    public String name() {
        return inner.name();
    }

    /**
     * None: a resumed run must read the export again even when its kept plan would do, because reading is what
     * hands each object to the copier (the plan holds relocated URLs, not the originals to copy from).
     */
    @Override
    public Optional<String> identity() {
        return Optional.empty();
    }

    @Override
    public RecordStream open() {
        RecordStream records = inner.open();
        return new RecordStream() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public SourceRecord next() {
                return relocate(records.next());
            }

            @Override
            public void close() {
                records.close();
            }
        };
    }

    private SourceRecord relocate(SourceRecord record) {
        if (!(record instanceof SourceRecord.Readable readable)) {
            return record;
        }
        List<Violation> unavailable = new ArrayList<>();
        List<MediaLink> kept = new ArrayList<>();
        MediaRelocation.Relocated relocated = relocation.relocate(readable.message(), (link, object) -> {
            Optional<String> failure = failures.failure(object.key());
            if (failure.isEmpty()) {
                return false;
            }
            if (onUnavailable == OnUnavailable.REJECT) {
                unavailable.add(new Violation("MessageBody.Message." + link.field(), RULE_UNAVAILABLE,
                        Shown.value(link.source()) + " could not be copied: " + failure.get()));
            } else {
                kept.add(link);
            }
            return true;
        });
        if (!unavailable.isEmpty()) {
            return new SourceRecord.Unreadable(record.locator(),
                    new Rejection(record.locator(), readable.message().id(), unavailable));
        }
        kept.forEach(keptOriginal);
        relocated.objects().forEach(found);
        return relocated.message() == readable.message() ? record
                : new SourceRecord.Readable(record.locator(), relocated.message());
    }
}
