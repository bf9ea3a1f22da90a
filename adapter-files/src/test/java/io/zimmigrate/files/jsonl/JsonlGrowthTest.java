package io.zimmigrate.files.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: a followed file read up to a byte says its extent, and a later read hands out only what was appended. */
class JsonlGrowthTest {
    @TempDir
    Path dir;

    private static String line(int i) {
        return "{\"Id\":\"m" + i + "\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"" + i + "\"},\"SendMessageTime\":1732000000000}\n";
    }

    private static List<String> located(MessageSource source) {
        List<String> out = new ArrayList<>();
        try (MessageSource.RecordStream records = source.open()) {
            while (records.hasNext()) {
                SourceRecord r = records.next();
                out.add(r.locator().position() + ":" + ((SourceRecord.Readable) r).message().id());
            }
        }
        return out;
    }

    @Test
    void whatWasAppendedIsReadAloneWithLineNumbersGoingOnAndAChangedPrefixIsNotTakenForAGrowth() throws Exception {
        Path file = dir.resolve("live.jsonl");
        Files.writeString(file, line(1) + "\n" + line(2)); // a blank line counts
        JsonlSource whole = new JsonlSource(file);
        assertThat(whole.extent()).as("a source of the whole file has no fixed length").isEmpty();
        JsonlSource first = whole.upTo(JsonlSource.completeLength(file));
        String extent = first.extent().orElseThrow();

        Files.writeString(file, line(3) + line(4) + "{\"Id\":\"partial", StandardOpenOption.APPEND);
        JsonlSource grown = whole.upTo(JsonlSource.completeLength(file));
        Optional<MessageSource> appended = grown.appendedSince(extent);
        assertThat(appended).isPresent();
        assertThat(located(appended.get())).containsExactly("4:m3", "5:m4");
        assertThat(grown.extent().orElseThrow()).as("hashed on from the check: the same as measured afresh")
                .isEqualTo(whole.upTo(JsonlSource.completeLength(file)).extent().orElseThrow());

        // The same length, one earlier byte changed: not a growth.
        String text = Files.readString(file).replaceFirst("\"1\"", "\"7\"");
        Files.writeString(file, text);
        assertThat(whole.upTo(JsonlSource.completeLength(file)).appendedSince(extent)).isEmpty();
        assertThat(first.appendedSince(extent)).as("nothing appended").isEmpty();
    }
}
