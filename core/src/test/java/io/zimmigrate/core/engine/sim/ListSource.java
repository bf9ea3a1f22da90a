package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import java.util.Iterator;
import java.util.List;

/** A source over records held in a list, each located as line N of "memory". */
public final class ListSource implements MessageSource {
    private final List<RawMessage> records;
    private final String identity;

    /** A source without an identity: its plan is never kept. */
    public ListSource(List<RawMessage> records) {
        this(records, null);
    }

    /** A source claiming {@code identity} (which, like a file's, is only as truthful as whoever gives it). */
    public ListSource(List<RawMessage> records, String identity) {
        this.records = List.copyOf(records);
        this.identity = identity;
    }

    @Override
    public java.util.Optional<String> identity() {
        return java.util.Optional.ofNullable(identity);
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public RecordStream open() {
        Iterator<RawMessage> it = records.iterator();
        return new RecordStream() {
            private long line;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public SourceRecord next() {
                return new SourceRecord.Readable(Locator.line("memory", ++line), it.next());
            }

            @Override
            public void close() {}
        };
    }
}
