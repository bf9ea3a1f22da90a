package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start reads the journal once (P6): opening reads and checks every line, and the replays before the first write
 * (the CLI's and the engine's) are served from what opening read; the first write makes replays read the file again.
 */
class FileJournalReadOnceTest {

    @TempDir
    Path temp;

    private static List<String> replayed(FileJournal journal) {
        List<String> out = new ArrayList<>();
        journal.replay(out::add);
        return out;
    }

    @Test
    void replaysBeforeTheFirstWriteDoNotReadTheFileAgain() throws IOException {
        Path dir = temp.resolve("j");
        try (FileJournal j = FileJournal.open(dir)) {
            j.append(List.of("a", "b", "c"));
        }
        Path log = dir.resolve(FileJournal.LOG_FILE);
        Path away = temp.resolve("away.log");
        try (FileJournal j = FileJournal.open(dir)) {
            // The file is gone after opening: replays can only come from what opening read.
            Files.move(log, away);
            assertThat(replayed(j)).containsExactly("a", "b", "c");
            assertThat(replayed(j)).containsExactly("a", "b", "c");
            Files.move(away, log, StandardCopyOption.REPLACE_EXISTING);
            j.append(List.of("d"));
            // After a write the file is read again: a line changed on disk since then is found.
            Files.writeString(log, Files.readString(log, StandardCharsets.UTF_8).replace(" b\n", " B\n"),
                    StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> replayed(j))
                    .isInstanceOf(JournalDamagedException.class).hasMessageContaining("line 3");
        }
    }

    @Test
    void aRewriteIsReplayedFromTheFile() {
        Path dir = temp.resolve("j");
        try (FileJournal j = FileJournal.open(dir)) {
            j.append(List.of("a", "b"));
        }
        try (FileJournal j = FileJournal.open(dir)) {
            j.rewrite(List.of("x"));
            assertThat(replayed(j)).containsExactly("x");
            j.append(List.of("y"));
            assertThat(replayed(j)).containsExactly("x", "y");
        }
    }

    @Test
    void everyLineIsWrittenBehindItsEightDigitChecksum() throws IOException {
        Path dir = temp.resolve("j");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add("[\"i\",\"group:g" + i + "\"," + i + "]");
        }
        try (FileJournal j = FileJournal.open(dir)) {
            j.append(lines);
        }
        List<String> written = Files.readAllLines(dir.resolve(FileJournal.LOG_FILE), StandardCharsets.UTF_8);
        boolean sawLeadingZero = false;
        for (int n = 2; n <= written.size(); n++) {
            String line = written.get(n - 1);
            CRC32C crc = new CRC32C();
            crc.update(java.nio.ByteBuffer.allocate(8).putLong(0, n));
            crc.update(line.substring(9).getBytes(StandardCharsets.UTF_8));
            assertThat(line.substring(0, 9)).isEqualTo(String.format("%08x ", (int) crc.getValue())); // as format 2 was written
            assertThat(line.substring(0, 8)).matches("[0-9a-f]{8}");
            sawLeadingZero |= line.charAt(0) == '0';
        }
        assertThat(sawLeadingZero).as("some checksum of 300 starts with 0: padding is exercised").isTrue();
    }
}
