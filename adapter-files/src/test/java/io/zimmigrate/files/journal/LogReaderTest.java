package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log's lines are checked on their bytes as read and decoded once (P6): lines of several-byte characters, and
 * lines longer than a read chunk (64 KiB) or across its end, come back as written; a byte changed inside a
 * character of several bytes is found by the checksum.
 */
class LogReaderTest {
    @TempDir
    Path temp;

    private List<String> written() {
        List<String> lines = new ArrayList<>();
        lines.add("[\"in\",\"fp\",7]");
        for (int i = 0; i < 300; i++) {
            lines.add("[\"p\",\"user:é中😀-" + i + "\"]");
        }
        lines.add("[\"dp\",\"" + "ß中".repeat(70_000) + "\"]"); // ~350 KB: across several chunks
        lines.add("[\"p\",\"user:after\"]");
        return lines;
    }

    private List<String> read() {
        List<String> out = new ArrayList<>();
        LogReader.Read r = LogReader.read(temp.resolve(FileJournal.LOG_FILE), temp.resolve(FileJournal.LOG_FILE).toFile().length(),
                line -> out.add(line));
        assertThat(r.whole()).isTrue();
        assertThat(r.format()).isEqualTo(FileJournal.FORMAT);
        return out;
    }

    @Test
    void linesOfSeveralByteCharactersAndLongerThanAChunkComeBackAsWritten() {
        try (FileJournal j = FileJournal.open(temp)) {
            j.append(written());
        }
        assertThat(read()).containsExactlyElementsOf(written());
    }

    @Test
    void aByteChangedInsideACharacterIsFound() throws IOException {
        try (FileJournal j = FileJournal.open(temp)) {
            j.append(written());
        }
        Path log = temp.resolve(FileJournal.LOG_FILE);
        byte[] bytes = Files.readAllBytes(log);
        byte[] euro = "中".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, euro, 0);
        bytes[at + 2] ^= 0x01; // still a continuation byte: another character, the same length
        Files.write(log, bytes);
        assertThatThrownBy(this::read).isInstanceOf(JournalDamagedException.class).hasMessageContaining("line 3 ");
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (in[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
