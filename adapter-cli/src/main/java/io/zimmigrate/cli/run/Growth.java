package io.zimmigrate.cli.run;

import io.zimmigrate.core.port.MessageSource;

/**
 * How {@code run --follow} watches one kind of input grow: a JSON Lines file gains complete lines
 * ({@link LineGrowth}), an export folder gains or rewrites files ({@link SlackFolderGrowth}). Each look says what
 * of the input is complete now, as a {@link Snapshot}; {@link FollowLoop} imports a snapshot that differs from the
 * one imported last, as a delta with the same journal.
 */
interface Growth {
    /** How reports name the input. */
    String name();

    /** Looks at the input now: what of it is complete (null: nothing yet). */
    Snapshot look();

    /**
     * Whether the last look found something still being written that a later look may find complete (a file
     * still changing): at {@code --until} the loop looks once more, a poll later, before it ends.
     */
    boolean settling();

    /** What the last look left out because it is not complete yet, for the waiting line; "" when nothing. */
    String unfinished();

    /** What of the input is complete at one look. Equal snapshots read the same records. */
    interface Snapshot {
        /** The records of this snapshot, and only those, however the input grows meanwhile. */
        MessageSource source();

        /** How it differs from {@code before} (null: nothing imported yet), for the "follow: importing" line. */
        String since(Snapshot before);
    }

    /**
     * The input changed while a snapshot of it was read (a file rewritten again): that read is not used; the
     * next look takes a new snapshot. Thrown while the plan is read, before anything is journaled or sent.
     */
    final class Moved extends RuntimeException {
        Moved(String message) {
            super(message, null, false, false);
        }
    }
}
