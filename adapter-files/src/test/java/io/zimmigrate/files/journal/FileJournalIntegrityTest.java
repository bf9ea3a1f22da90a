package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal line changed behind the tool's back is never trusted: every line carries a checksum, the log carries
 * its format version, and only a torn last line (a crash mid-write) is tolerated.
 */
class FileJournalIntegrityTest {
    @TempDir
    Path temp;

    private Path log() {
        return temp.resolve(FileJournal.LOG_FILE);
    }

    private void writeThreeLines() {
        try (FileJournal j = FileJournal.open(temp)) {
            j.append(List.of("[\"in\",\"fp\",1]", "[\"i\",\"g:a\",100,0,7]", "[\"i\",\"g:a\",200,1,8]"));
        }
    }

    private static List<String> replayed(FileJournal journal) {
        List<String> out = new ArrayList<>();
        journal.replay(out::add);
        return out;
    }

    private void rewriteLog(java.util.function.UnaryOperator<List<String>> edit) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(log(), StandardCharsets.UTF_8));
        Files.write(log(), (String.join("\n", edit.apply(lines)) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNumberEditedInAWellFormedLineStopsTheRunNamingFileAndLine() throws IOException {
        writeThreeLines();
        String text = Files.readString(log());
        assertThat(text).contains(",100,0,7]");
        Files.writeString(log(), text.replace(",100,0,7]", ",100,0,9]"));
        assertThatThrownBy(() -> {
            try (FileJournal j = FileJournal.open(temp)) {
                replayed(j);
            }
        }).isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining(log().toAbsolutePath().normalize().toString())
                .hasMessageContaining("line 3")
                .hasMessageContaining("--recover");
    }

    @Test
    void aLineDeletedFromTheMiddleIsNoticed() throws IOException {
        writeThreeLines();
        rewriteLog(lines -> {
            lines.remove(2);
            return lines;
        });
        assertThatThrownBy(() -> FileJournal.open(temp).close()).isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("line 3");
    }

    @Test
    void aDamagedLineIsRefusedEvenWhenItIsTheLastCompleteOne() throws IOException {
        writeThreeLines();
        rewriteLog(lines -> {
            lines.set(lines.size() - 1, lines.get(lines.size() - 1).replace("200", "300"));
            return lines;
        });
        assertThatThrownBy(() -> FileJournal.open(temp).close()).isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("line 4");
    }

    @Test
    void onlyATornLastLineIsTolerated() throws IOException {
        writeThreeLines();
        Files.write(log(), "0123abcd [\"i\",\"g:a\",30".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (FileJournal j = FileJournal.open(temp)) {
            assertThat(j.tornTailBytes()).isPositive();
            assertThat(replayed(j)).containsExactly("[\"in\",\"fp\",1]", "[\"i\",\"g:a\",100,0,7]", "[\"i\",\"g:a\",200,1,8]");
            j.append(List.of("[\"i\",\"g:a\",300,2,9]"));
        }
        try (FileJournal j = FileJournal.open(temp)) {
            assertThat(j.tornTailBytes()).isZero();
            assertThat(replayed(j)).hasSize(4).last().isEqualTo("[\"i\",\"g:a\",300,2,9]");
        }
    }

    @Test
    void aLogOfTheFirstFormatIsRefusedNamingItsVersion() throws IOException {
        Files.writeString(log(), "[\"in\",\"abc\"]\n[\"s\",\"g:a\",100,0]\n");
        assertThatThrownBy(() -> FileJournal.open(temp).close()).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("format 1").hasMessageContaining("format " + FileJournal.FORMAT);
        assertThat(Files.readString(log())).as("left as it was").isEqualTo("[\"in\",\"abc\"]\n[\"s\",\"g:a\",100,0]\n");
    }

    @Test
    void aLogOfALaterFormatIsRefusedNamingItsVersion() throws IOException {
        writeThreeLines();
        rewriteLog(lines -> {
            lines.set(0, lines.get(0).replace("format " + FileJournal.FORMAT, "format 7"));
            return lines;
        });
        assertThatThrownBy(() -> FileJournal.open(temp).close()).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("format 7");
    }

    @Test
    void aDirectoryWithAKeptPlanButNoLogIsRefused() throws IOException {
        Files.writeString(temp.resolve(FilePlanStore.PLAN_FILE), "a plan");
        assertThatThrownBy(() -> FileJournal.open(temp).close()).isInstanceOf(JournalException.class)
                .hasMessageContaining(FilePlanStore.PLAN_FILE).hasMessageContaining("no " + FileJournal.LOG_FILE)
                .hasMessageContaining("--recover");
        assertThat(log()).doesNotExist();

        Files.writeString(log(), ""); // emptied rather than deleted: the same loss
        assertThatThrownBy(() -> FileJournal.open(temp).close()).isInstanceOf(JournalException.class)
                .hasMessageContaining(FilePlanStore.PLAN_FILE).hasMessageContaining("--recover");
    }
}
