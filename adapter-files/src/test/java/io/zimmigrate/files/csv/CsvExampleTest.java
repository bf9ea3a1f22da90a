package io.zimmigrate.files.csv;

import static io.zimmigrate.files.Records.all;
import static io.zimmigrate.files.Records.readable;
import static io.zimmigrate.files.Records.unreadable;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.SourceFormats;
import io.zimmigrate.files.Examples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvExampleTest {
    private static final Path EXAMPLE = Examples.path("history.csv");

    @Test
    void theExampleBecomesTheDocumentedMessages() {
        List<SourceRecord> records = all(SourceFormats.installed().open(EXAMPLE.toString(), null, Map.of()));
        assertThat(unreadable(records)).isEmpty();
        List<RawMessage> msgs = readable(records);
        assertThat(msgs).extracting(RawMessage::id).containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
        assertThat(msgs.stream().filter(m -> m.groupId() != null)).hasSize(4);
        assertThat(msgs.get(1).bodyMessage()).isEqualTo("Great, I'll write the notes.\nThey will be \"short\", promise.");
        assertThat(msgs.get(2).bodyExtendedData()).isEqualTo("pinned");
        assertThat(msgs.get(5).hiddenFor()).containsExactly("alice");
        assertThat(records).extracting(r -> r.locator().position()).containsExactly(2L, 3L, 5L, 6L, 7L, 8L);
        Examples.assertAllAccepted(records);
    }
}
