package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log keeps zeroed room ahead of its lines while open (appends then sync data only: {@link LogTail}); closing
 * cuts it off, and a crash that leaves it (with or without a torn line in it) loses and invents nothing.
 */
class FileJournalRoomTest {
    private static final List<String> FIRST = List.of("[\"in\",\"fp\",1]", "[\"i\",\"g:a\",100,0,7]");
    private static final List<String> SECOND = List.of("[\"i\",\"g:a\",200,1,8]");

    @TempDir
    Path temp;

    private Path log(Path dir) {
        return dir.resolve(FileJournal.LOG_FILE);
    }

    private static List<String> replayed(FileJournal journal) {
        List<String> out = new ArrayList<>();
        journal.replay(out::add);
        return out;
    }

    /** The log's bytes up to and including its last '\n'. */
    private static int linesLength(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    @Test
    void anOpenLogHasZeroedRoomAfterItsLinesAndAClosedOneEndsWithItsLastLine() throws IOException {
        Path dir = temp.resolve("j");
        try (FileJournal j = FileJournal.open(dir)) {
            j.append(FIRST);
            byte[] open = Files.readAllBytes(log(dir));
            int lines = linesLength(open);
            assertThat(open.length).isGreaterThan(lines).isGreaterThanOrEqualTo((int) LogTail.ROOM_BYTES);
            assertThat(Arrays.copyOfRange(open, lines, open.length)).containsOnly((byte) 0);
            j.append(SECOND); // into the room: the file does not grow
            assertThat(Files.size(log(dir))).isEqualTo(open.length);
        }
        byte[] closed = Files.readAllBytes(log(dir));
        assertThat(closed).hasSize(linesLength(closed));
        assertThat(new String(closed, StandardCharsets.UTF_8)).endsWith("[\"i\",\"g:a\",200,1,8]\n");
    }

    @Test
    void withoutRoomEveryAppendGrowsTheFileByItsLines() throws IOException {
        Path dir = temp.resolve("j");
        try (FileJournal j = FileJournal.open(dir, 0)) {
            j.append(FIRST);
            j.append(SECOND);
            byte[] open = Files.readAllBytes(log(dir));
            assertThat(open).hasSize(linesLength(open));
        }
    }

    @Test
    void aCrashThatLeavesTheRoomIsAnEndOfLogNotATornLine() throws IOException {
        Path dir = temp.resolve("j");
        Path crashed = temp.resolve("crashed");
        Files.createDirectories(crashed);
        try (FileJournal j = FileJournal.open(dir)) {
            j.append(FIRST);
            j.append(SECOND);
            Files.copy(log(dir), log(crashed)); // the file as a kill -9 leaves it: lines, then zeroed room
        }
        try (FileJournal j = FileJournal.open(crashed)) {
            assertThat(j.tornTailBytes()).isZero();
            assertThat(replayed(j)).containsExactly(FIRST.get(0), FIRST.get(1), SECOND.get(0));
            j.append(List.of("[\"i\",\"g:a\",300,2,9]"));
        }
        try (FileJournal j = FileJournal.open(crashed)) {
            assertThat(replayed(j)).hasSize(4).last().isEqualTo("[\"i\",\"g:a\",300,2,9]");
        }
    }

    @Test
    void aTornLineInTheRoomIsDroppedAndNeverGluedToTheNextLine() throws IOException {
        Path dir = temp.resolve("j");
        Path crashed = temp.resolve("crashed");
        Files.createDirectories(crashed);
        try (FileJournal j = FileJournal.open(dir)) {
            j.append(FIRST);
            byte[] bytes = Files.readAllBytes(log(dir));
            int lines = linesLength(bytes);
            // A kill while the next lines were written: a long torn line in the room, zeros after it.
            byte[] torn = "0123abcd [\"i\",\"g:a\",200,1,8,\"a long torn line, longer than the line written next\"]"
                    .getBytes(StandardCharsets.UTF_8);
            System.arraycopy(torn, 0, bytes, lines, torn.length);
            Files.write(log(crashed), bytes);
        }
        try (FileJournal j = FileJournal.open(crashed)) {
            assertThat(j.tornTailBytes()).isEqualTo(
                    "0123abcd [\"i\",\"g:a\",200,1,8,\"a long torn line, longer than the line written next\"]".length());
            assertThat(replayed(j)).containsExactlyElementsOf(FIRST);
            j.append(SECOND);
        }
        try (FileJournal j = FileJournal.open(crashed)) {
            assertThat(j.tornTailBytes()).isZero();
            assertThat(replayed(j)).containsExactly(FIRST.get(0), FIRST.get(1), SECOND.get(0));
        }
    }

    @Test
    void openingAndClosingWithoutWritingLeavesATornLineForTheNextRunToReport() throws IOException {
        Path dir = temp.resolve("j");
        try (FileJournal j = FileJournal.open(dir)) {
            j.append(FIRST);
        }
        Files.write(log(dir), "0123abcd [\"i\",\"g:a\",20".getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
        try (FileJournal j = FileJournal.open(dir)) { // a read-only command, e.g. `plan` against the journal
            assertThat(j.tornTailBytes()).isPositive();
        }
        try (FileJournal j = FileJournal.open(dir)) {
            assertThat(j.tornTailBytes()).isPositive();
            assertThat(replayed(j)).containsExactlyElementsOf(FIRST);
        }
    }
}
