package io.zimmigrate.core.port;

import java.util.Optional;

/**
 * A source that can tell whether it is an earlier read of the same input plus what was appended since (issue 15,
 * {@code run --follow}): a followed JSON Lines file read up to its last complete line. The plan kept in the journal
 * records the {@link #extent()} it was made from; a later, grown source hands out only the records appended after
 * it ({@link #appendedSince}), so a growth is planned by what was appended and merged with the kept plan.
 */
public interface GrowingSource extends MessageSource {
    /**
     * What this source reads, said so that a later source of the same input can check it is unchanged (for a file:
     * its length, how many lines it holds and a fingerprint of those bytes); empty when this source cannot tell.
     */
    Optional<String> extent();

    /**
     * The records read after what {@code extent} (an earlier source's {@link #extent()}) describes, when this source
     * reads exactly that, unchanged, and more after it: their positions and locators continue the earlier ones. Empty
     * when what {@code extent} describes changed, or this source cannot tell; the caller then plans it all.
     */
    Optional<MessageSource> appendedSince(String extent);
}
