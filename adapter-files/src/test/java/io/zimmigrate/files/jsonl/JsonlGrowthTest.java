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

    /**
     * With the follow's memory, a growth hashes only what was appended (the same extent as hashing it all); a file
     * replaced by another, or changed in its first or last 64 KiB before the old end, is hashed again from its first
     * byte. What memory trusts, as docs/decisions.md says: an in-place change in the middle of the file is not seen
     * by this process, and a read without memory (the next process) sees it.
     */
    @Test
    void aFollowsMemoryHashesOnlyTheAppendedBytesOfTheSameFile() throws Exception {
        Path file = dir.resolve("live.jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) { // about 330 KB: a middle beyond both samples
            text.append(line(i));
        }
        Files.writeString(file, text);
        JsonlSource whole = new JsonlSource(file);
        JsonlFollowMemory memory = new JsonlFollowMemory();
        String extent = whole.upTo(JsonlSource.completeLength(file), memory).extent().orElseThrow();
        assertThat(memory.counts()).containsExactly(0, 1);

        Files.writeString(file, line(3000) + line(3001), StandardOpenOption.APPEND);
        JsonlSource grown = whole.upTo(JsonlSource.completeLength(file), memory);
        assertThat(located(grown.appendedSince(extent).orElseThrow())).containsExactly("3001:m3000", "3002:m3001");
        assertThat(memory.counts()).as("went on from memory").containsExactly(1, 1);
        String second = grown.extent().orElseThrow();
        assertThat(second).isEqualTo(whole.upTo(JsonlSource.completeLength(file)).extent().orElseThrow());

        // The first line changed in place (same length) and a line appended: the sample sees it, hashed again.
        Files.writeString(file, Files.readString(file).replaceFirst("\"0\"", "\"9\"") + line(3002));
        assertThat(whole.upTo(JsonlSource.completeLength(file), memory).appendedSince(second)).isEmpty();
        assertThat(memory.counts()).containsExactly(1, 1);

        // Replaced by another file (a new inode), the same bytes grown: hashed again from the first byte, a growth.
        Path other = dir.resolve("other.jsonl");
        Files.writeString(other, text + line(3000) + line(3001));
        JsonlSource unchanged = whole.upTo(Files.size(other), memory);
        String base = unchanged.extent().orElseThrow(); // of live.jsonl as it is now: remembered
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(file, line(3003), StandardOpenOption.APPEND);
        long[] before = memory.counts();
        Optional<MessageSource> replaced = whole.upTo(JsonlSource.completeLength(file), memory).appendedSince(base);
        assertThat(memory.counts()[0]).as("a new file: not from memory, hashed again").isEqualTo(before[0]);
        assertThat(replaced).as("the replacement holds other bytes before the old end").isEmpty();

        // What memory trusts: a line in the middle changed in place, the same length, then a line appended.
        Files.writeString(file, text + line(3000) + line(3001));
        String kept = whole.upTo(JsonlSource.completeLength(file), memory).extent().orElseThrow();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                StandardOpenOption.WRITE)) {
            int at = text.indexOf("\"m1500\"");
            ch.write(java.nio.ByteBuffer.wrap("\"x1500\"".getBytes(java.nio.charset.StandardCharsets.UTF_8)), at);
        }
        Files.writeString(file, line(3004), StandardOpenOption.APPEND);
        long upTo = JsonlSource.completeLength(file);
        assertThat(whole.upTo(upTo, memory).appendedSince(kept)).as("not seen by this process").isPresent();
        assertThat(whole.upTo(upTo).appendedSince(kept)).as("seen by a read without memory").isEmpty();
        JsonlFollowMemory rechecking = new JsonlFollowMemory(java.time.Duration.ZERO);
        String now = whole.upTo(upTo, rechecking).extent().orElseThrow(); // remembered, then trusted for no time
        Files.writeString(file, line(3005), StandardOpenOption.APPEND);
        assertThat(whole.upTo(JsonlSource.completeLength(file), rechecking).appendedSince(now)).isPresent();
        assertThat(rechecking.counts()).as("hashed from the first byte again once the recheck time passed")
                .containsExactly(0, 2);
    }
}
