package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.GrowingSource;
import io.zimmigrate.core.port.MessageSource;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A followed input in the simulated world: records in a list that may have grown (or changed) since an earlier
 * look; its extent is how many records it holds and a hash of them, as a followed file's is its length and a hash
 * of its bytes. Records are located as line N of "memory", the appended part's numbered on from the earlier part.
 */
final class GrowingListSource implements GrowingSource {
    private final List<RawMessage> records;
    private final int from;

    GrowingListSource(List<RawMessage> records) {
        this(records, 0);
    }

    private GrowingListSource(List<RawMessage> records, int from) {
        this.records = List.copyOf(records);
        this.from = from;
    }

    private static String extentOf(List<RawMessage> records, int n) {
        return "sim-lines|" + n + "|" + records.subList(0, n).hashCode();
    }

    @Override
    public Optional<String> extent() {
        return from > 0 ? Optional.empty() : Optional.of(extentOf(records, records.size()));
    }

    @Override
    public Optional<MessageSource> appendedSince(String extent) {
        String[] parts = extent.split("\\|");
        int n = Integer.parseInt(parts[1]);
        if (from > 0 || n >= records.size() || !extentOf(records, n).equals(extent)) {
            return Optional.empty();
        }
        return Optional.of(new GrowingListSource(records, n));
    }

    @Override
    public Optional<String> identity() {
        return from > 0 ? Optional.empty() : extent();
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public RecordStream open() {
        Iterator<RawMessage> it = records.subList(from, records.size()).iterator();
        return new RecordStream() {
            private long line = from;

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
