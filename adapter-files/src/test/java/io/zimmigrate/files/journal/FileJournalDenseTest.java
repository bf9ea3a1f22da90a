package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalNumbering;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.journal.TaskKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal format 4 on disk (issue 15, P6): a log of format 3 a run resumes is read as it is, and its next compaction
 * writes the dense form; each dense line keeps its checksum, so a damaged one is refused naming file and line.
 */
class FileJournalDenseTest {
    private static final int TIMELINES = 10_000;
    private static final int USERS = 70_000;
    private static final JournalNumbering PLAN = new JournalNumbering("fp", new ListKeys(TIMELINES, USERS));

    @TempDir
    Path temp;

    private Path log() {
        return temp.resolve(FileJournal.LOG_FILE);
    }

    /** The lines of format 3 a run keyed by {@link #PLAN} leaves: every user provisioned, most timelines imported. */
    private static List<String> formatThreeLines() {
        List<String> lines = new ArrayList<>();
        lines.add(new JournalEntry.Input("fp", 7).toLine());
        lines.add(new JournalEntry.Provisioned("group:g1").toLine());
        for (int u = 0; u < USERS; u += 3) {
            lines.add(new JournalEntry.Provisioned("user:u" + u).toLine());
        }
        for (int t = 0; t < TIMELINES; t++) {
            if (t % 7 != 0) {
                lines.add(new JournalEntry.Imported(ListKeys.key(t), key(t), t % 5).toLine(t));
            }
        }
        lines.add(new JournalEntry.Imported("g:not-in-the-plan", new TaskKey(5, 5), 3).toLine());
        lines.add(new JournalEntry.Sending(ListKeys.key(14), new TaskKey(1_800_000_000_000L, 1)).toLine(14));
        return lines;
    }

    private static TaskKey key(int t) {
        return new TaskKey(1_700_000_000_000L + 1000L * t, 3L * t);
    }

    private void writeFormatThree(List<String> lines) throws IOException {
        List<String> all = new ArrayList<>();
        all.add(JournalLineFormat.HEADER_TEXT + 3);
        all.addAll(lines);
        ByteBuffer bytes = JournalLineFormat.encode(all, 1);
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        Files.write(log(), b);
    }

    private static void assertTheRunsState(JournalState s) {
        assertThat(s.fingerprint()).isEqualTo("fp");
        assertThat(s.provisionedCount()).isEqualTo(1 + (USERS + 2) / 3);
        assertThat(s.isProvisioned("user:u3")).isTrue();
        assertThat(s.isProvisioned("user:u4")).isFalse();
        assertThat(s.isProvisioned("group:g1")).isTrue();
        for (int t = 0; t < TIMELINES; t++) {
            if (t % 7 == 0 && t != 14) {
                assertThat(s.timeline(ListKeys.key(t))).isNull();
            } else if (t != 14) {
                assertThat(s.timeline(ListKeys.key(t)).lastSettled()).isEqualTo(key(t));
                assertThat(s.timeline(ListKeys.key(t)).lastMsgSeq()).isEqualTo(t % 5);
            }
        }
        assertThat(s.timeline(ListKeys.key(14)).pendingSend()).isEqualTo(new TaskKey(1_800_000_000_000L, 1));
        assertThat(s.timeline("g:not-in-the-plan").lastMsgSeq()).isEqualTo(3);
    }

    @Test
    void aLogOfFormatThreeIsReadAsItIsAndItsNextCompactionIsDense() throws IOException {
        writeFormatThree(formatThreeLines());
        try (FileJournal j = FileJournal.open(temp)) {
            JournalState s = JournalState.replay(j, PLAN, null);
            assertTheRunsState(s);
            j.rewrite(s.compactForm());
        }
        List<String> onDisk = Files.readAllLines(log(), StandardCharsets.UTF_8);
        assertThat(onDisk.get(0)).endsWith(JournalLineFormat.HEADER_TEXT + FileJournal.FORMAT);
        assertThat(onDisk).as("the header, input, 24 lines of 1,000 subjects, the dense header, 3 timelines' lines, 2 others")
                .hasSize(32);
        assertThat(onDisk.get(2)).contains(" [\"dp\",\"group:g1\",\"user:u0\",\"user:u3\",");
        try (FileJournal j = FileJournal.open(temp)) {
            assertTheRunsState(JournalState.replay(j, PLAN, null));
            j.append(List.of(new JournalEntry.Imported(ListKeys.key(14), new TaskKey(1_800_000_000_000L, 1), 9).toLine(14)));
        }
        try (FileJournal j = FileJournal.open(temp)) {
            assertThat(JournalState.replay(j, PLAN, null).timeline(ListKeys.key(14)).lastMsgSeq()).isEqualTo(9);
        }
    }

    @Test
    void aDamagedDenseLineIsRefusedNamingFileAndLine() throws IOException {
        try (FileJournal j = FileJournal.open(temp)) {
            JournalState s = new JournalState(PLAN, null);
            formatThreeLines().forEach(s::applyLine);
            j.rewrite(s.compactForm());
        }
        List<String> onDisk = new ArrayList<>(Files.readAllLines(log(), StandardCharsets.UTF_8));
        int line = 28; // 1-based: header, input, 24 subjects' lines, dense header, then the first timelines' line
        String dense = onDisk.get(line - 1);
        assertThat(dense).contains("[\"dt\",0,4096,");
        int at = dense.length() / 2;
        onDisk.set(line - 1, dense.substring(0, at) + (dense.charAt(at) == 'A' ? 'B' : 'A') + dense.substring(at + 1));
        Files.write(log(), onDisk, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FileJournal.open(temp).close()).isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("line " + line + " of the journal " + log()).hasMessageContaining("--recover");
    }
}
