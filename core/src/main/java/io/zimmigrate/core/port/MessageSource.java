package io.zimmigrate.core.port;

import io.zimmigrate.core.input.SourceRecord;
import java.util.Iterator;
import java.util.Optional;

/**
 * Where history comes from. A source streams its records in its own order, each with a locator for error
 * reports; it can be opened more than once (the engine reads twice when it must sort). Problems with single
 * records are {@link SourceRecord.Unreadable} records; a problem with the whole source (missing file,
 * truncated archive) is a {@link SourceException}.
 */
public interface MessageSource {

    /** A short description for reports, such as the file name. */
    String name();

    /** Opens a fresh pass over the records, from the first. */
    RecordStream open();

    /**
     * A cheap identity of what {@link #open()} would read, found without a pass over the records: it must change
     * whenever the records could (a file source uses its absolute path, size and modification time). A resumed
     * run whose source still has the identity it had when its plan was kept reuses that plan instead of reading
     * and validating the whole input again. Empty (the default) when the source cannot tell cheaply: every run
     * then plans in full, which is always correct.
     */
    default Optional<String> identity() {
        return Optional.empty();
    }

    /** One pass over a source's records. */
    interface RecordStream extends Iterator<SourceRecord>, AutoCloseable {
        /** Releases the underlying file or connection; does not throw. */
        @Override
        void close();
    }
}
