package io.zimmigrate.files;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Test helpers: one full pass over a source. */
public final class Records {
    private Records() {}

    public static List<SourceRecord> all(MessageSource source) {
        List<SourceRecord> out = new ArrayList<>();
        try (MessageSource.RecordStream s = source.open()) {
            s.forEachRemaining(out::add);
        }
        return out;
    }

    public static List<RawMessage> readable(List<SourceRecord> records) {
        return records.stream().filter(r -> r instanceof SourceRecord.Readable)
                .map(r -> ((SourceRecord.Readable) r).message()).collect(Collectors.toList());
    }

    public static List<SourceRecord.Unreadable> unreadable(List<SourceRecord> records) {
        return records.stream().filter(r -> r instanceof SourceRecord.Unreadable)
                .map(r -> (SourceRecord.Unreadable) r).collect(Collectors.toList());
    }

    public static List<String> rules(SourceRecord.Unreadable u) {
        return u.rejection().violations().stream().map(Violation::rule).collect(Collectors.toList());
    }
}
