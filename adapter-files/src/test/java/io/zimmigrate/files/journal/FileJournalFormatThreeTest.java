package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.journal.JournalSummary;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal formats 3 to 5 (issue 15, P6): a log of format 2, 3 or 4 is read as it is and its header upgraded in place
 * before the first line is added; a log too long to keep in memory has its head read when opened and every line checked by
 * its first whole read (a run's replay, before anything is sent), or before the first write.
 */
class FileJournalFormatThreeTest {
    @TempDir
    Path temp;

    private Path log() {
        return temp.resolve(FileJournal.LOG_FILE);
    }

    private static List<String> replayed(FileJournal j) {
        List<String> out = new ArrayList<>();
        j.replay(out::add);
        return out;
    }

    private void writeFormatTwo(List<String> lines) throws IOException {
        writeFormat(2, lines);
    }

    private void writeFormat(int format, List<String> lines) throws IOException {
        List<String> all = new ArrayList<>();
        all.add(JournalLineFormat.HEADER_TEXT + format);
        all.addAll(lines);
        ByteBuffer bytes = JournalLineFormat.encode(all, 1);
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        Files.write(log(), b);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3, 4})
    void aLogOfAnEarlierFormatIsReadAndItsHeaderUpgradedBeforeTheFirstWrite(int format) throws IOException {
        List<String> old = switch (format) {
            case 2 -> List.of("[\"in\",\"fp\",7]", "[\"i\",\"g:a\",1,1,5]", "[\"s\",\"g:a\",2,2]");
            case 3 -> List.of("[\"in\",\"fp\",7]", "[\"i\",\"g:a\",1,1,5,0]", "[\"s\",\"g:a\",2,2,0]");
            // format 4's users provisioned by ID, 1,000 to a line (format 5 says "every user" in one line instead)
            default -> List.of("[\"in\",\"fp\",7]", "[\"dp\",\"user:a\",\"user:b\"]", "[\"i\",\"g:a\",1,1,5,0]",
                    "[\"s\",\"g:a\",2,2,0]");
        };
        writeFormat(format, old);
        String before = Files.readString(log());
        try (FileJournal j = FileJournal.open(temp)) {
            assertThat(replayed(j)).containsExactlyElementsOf(old);
        }
        assertThat(Files.readString(log())).as("read only: untouched").isEqualTo(before);
        try (FileJournal j = FileJournal.open(temp)) {
            j.append(List.of("[\"i\",\"g:a\",2,2,6,0]"));
        }
        List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).endsWith(JournalLineFormat.HEADER_TEXT + FileJournal.FORMAT);
        assertThat(lines.get(0)).hasSameSizeAs(before.substring(0, before.indexOf('\n')));
        try (FileJournal j = FileJournal.open(temp)) {
            List<String> all = new ArrayList<>(old);
            all.add("[\"i\",\"g:a\",2,2,6,0]");
            assertThat(replayed(j)).containsExactlyElementsOf(all);
        }
    }

    @Test
    void aNewerFormatIsRefusedSayingWhatToDo() throws IOException {
        writeFormatTwo(List.of("[\"in\",\"fp\",7]"));
        List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
        String header = JournalLineFormat.HEADER_TEXT + (FileJournal.FORMAT + 1);
        lines.set(0, String.format("%08x ", JournalLineFormat.checksum(1, header)) + header);
        Files.write(log(), lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FileJournal.open(temp).close()).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("format 6 (written by a newer zim-migrate)")
                .hasMessageContaining("reads format 5 (and 2 to 4, the ones before)").hasMessageContaining("--recover")
                .hasMessageNotContaining("\n");
    }

    /** More than {@link FileJournal#KEEP_READ_AT_OPEN_BYTES}: 17 MB of lines. */
    private List<String> writeBigLog() {
        List<String> written = new ArrayList<>();
        try (FileJournal j = FileJournal.open(temp)) {
            List<String> batch = new ArrayList<>();
            batch.add("[\"in\",\"fp\",7]");
            String pad = "x".repeat(80);
            for (int i = 0; written.size() + batch.size() < 180_000; i++) {
                batch.add("[\"p\",\"user:" + pad + i + "\"]");
                if (batch.size() == 10_000) {
                    j.append(batch);
                    written.addAll(batch);
                    batch.clear();
                }
            }
            j.append(batch);
            written.addAll(batch);
        }
        assertThat(log().toFile().length()).isGreaterThan(FileJournal.KEEP_READ_AT_OPEN_BYTES);
        return written;
    }

    private void damageLine(long lineNumber) throws IOException {
        List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
        long offset = 0;
        for (int i = 0; i < lineNumber - 1; i++) {
            offset += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
        }
        try (RandomAccessFile f = new RandomAccessFile(log().toFile(), "rw")) {
            f.seek(offset + 20);
            f.write('Y');
        }
    }

    @Test
    void aBigLogIsCheckedByItsFirstWholeReadAndItsHeadReadAlone() throws IOException {
        List<String> written = writeBigLog();
        damageLine(written.size() - 5);
        try (FileJournal j = FileJournal.open(temp)) { // the head only: opening does not read it all
            assertThat(JournalSummary.head(j).fingerprint()).isEqualTo("fp");
            assertThatThrownBy(() -> j.replay(line -> { })).isInstanceOf(JournalDamagedException.class)
                    .hasMessageContaining("line " + (written.size() - 5));
        }
        try (FileJournal j = FileJournal.open(temp)) {
            assertThatThrownBy(() -> j.append(List.of("[\"p\",\"user:z\"]"))).as("a write checks it first")
                    .isInstanceOf(JournalDamagedException.class);
        }
        try (FileJournal j = FileJournal.open(temp)) {
            assertThatThrownBy(j::check).isInstanceOf(JournalDamagedException.class);
        }
    }

    @Test
    void aBigLogReadOnceGoesOnWithItsLineNumbers() {
        List<String> written = writeBigLog();
        try (FileJournal j = FileJournal.open(temp)) {
            assertThat(replayed(j)).containsExactlyElementsOf(written);
            j.append(List.of("[\"p\",\"user:after-replay\"]"));
        }
        try (FileJournal j = FileJournal.open(temp)) {
            j.append(List.of("[\"p\",\"user:without-a-replay\"]")); // counted by the check a write makes first
        }
        try (FileJournal j = FileJournal.open(temp)) {
            List<String> all = replayed(j);
            assertThat(all).hasSize(written.size() + 2).endsWith("[\"p\",\"user:after-replay\"]",
                    "[\"p\",\"user:without-a-replay\"]");
            j.rewrite(written.subList(0, 3));
            j.append(List.of("[\"p\",\"user:after-rewrite\"]"));
            assertThat(replayed(j)).hasSize(4).endsWith("[\"p\",\"user:after-rewrite\"]");
        }
    }
}
