package io.zimmigrate.core.port;

import io.zimmigrate.core.input.SourceRecord;
import java.util.Iterator;

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

    /** One pass over a source's records. */
    interface RecordStream extends Iterator<SourceRecord>, AutoCloseable {
        /** Releases the underlying file or connection; does not throw. */
        @Override
        void close();
    }
}
