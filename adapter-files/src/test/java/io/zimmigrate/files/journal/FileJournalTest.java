package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

class FileJournalTest {

    @TempDir
    Path temp;

    /** The texts of a log's lines as the file holds them: after the header, each behind its 8-digit checksum. */
    private static List<String> texts(Path log) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(all.get(0)).endsWith("zim-migrate journal format " + FileJournal.FORMAT);
        assertThat(String.join("\n", all)).doesNotContain("half");
        return all.subList(1, all.size()).stream().map(l -> l.substring(9)).toList();
    }

    private static List<String> replayed(FileJournal journal) {
        List<String> out = new ArrayList<>();
        journal.replay(out::add);
        return out;
    }

    @Test
    void appendedLinesReplayInOrderAcrossReopen() {
        Path dir = temp.resolve("nested/journal");
        try (FileJournal j = FileJournal.open(dir)) {
            assertThat(replayed(j)).isEmpty();
            j.append(List.of("a", "b"));
            j.append(List.of("", "ü 😀 [\"x\"]"));
            assertThat(replayed(j)).containsExactly("a", "b", "", "ü 😀 [\"x\"]");
        }
        try (FileJournal j = FileJournal.open(dir)) {
            assertThat(replayed(j)).containsExactly("a", "b", "", "ü 😀 [\"x\"]");
            j.append(List.of("c"));
        }
        assertThat(Files.exists(dir.resolve(FileJournal.LOG_FILE))).isTrue();
        try (FileJournal j = FileJournal.open(dir)) {
            assertThat(replayed(j)).containsExactly("a", "b", "", "ü 😀 [\"x\"]", "c");
        }
    }

    @Test
    void tornLastLineIsDroppedAndLaterAppendsAreNotGluedToIt() throws IOException {
        try (FileJournal j = FileJournal.open(temp)) {
            j.append(List.of("one", "two"));
        }
        Path log = temp.resolve(FileJournal.LOG_FILE);
        // A crash mid-write: part of a line without its '\n'.
        Files.write(log, "[\"i\",\"tim".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (FileJournal j = FileJournal.open(temp)) {
            assertThat(replayed(j)).containsExactly("one", "two");
            j.append(List.of("three"));
            assertThat(replayed(j)).containsExactly("one", "two", "three");
        }
        assertThat(texts(log)).containsExactly("one", "two", "three");
    }

    @Test
    void aFileWithOnlyATornLineReplaysNothing() throws IOException {
        Files.writeString(temp.resolve(FileJournal.LOG_FILE), "half a li");
        try (FileJournal j = FileJournal.open(temp)) {
            assertThat(replayed(j)).isEmpty();
            j.append(List.of("first"));
            assertThat(replayed(j)).containsExactly("first");
        }
    }

    @Test
    void rewriteReplacesTheWholeLogAndLaterAppendsFollowIt() throws IOException {
        try (FileJournal j = FileJournal.open(temp)) {
            j.append(List.of("a", "b", "c", "d"));
            j.rewrite(List.of("summary"));
            assertThat(replayed(j)).containsExactly("summary");
            j.append(List.of("e"));
            assertThat(replayed(j)).containsExactly("summary", "e");
        }
        assertThat(texts(temp.resolve(FileJournal.LOG_FILE))).containsExactly("summary", "e");
        assertThat(Files.exists(temp.resolve(FileJournal.TEMP_FILE))).isFalse();
        try (FileJournal j = FileJournal.open(temp)) {
            assertThat(replayed(j)).containsExactly("summary", "e");
        }
    }

    @Test
    void aLeftoverTempFileFromACrashedRewriteDoesNotAffectTheLog() throws IOException {
        try (FileJournal j = FileJournal.open(temp)) {
            j.append(List.of("kept"));
        }
        // A crash before the rename leaves the old log whole and a stray temp file.
        Files.writeString(temp.resolve(FileJournal.TEMP_FILE), "new but never renamed\npartial");
        try (FileJournal j = FileJournal.open(temp)) {
            assertThat(replayed(j)).containsExactly("kept");
            j.rewrite(List.of("x", "y"));
            assertThat(replayed(j)).containsExactly("x", "y");
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsNamingIt() {
        try (FileJournal first = FileJournal.open(temp)) {
            assertThatThrownBy(() -> FileJournal.open(temp))
                    .isInstanceOf(JournalLockedException.class)
                    .hasMessageContaining(temp.toAbsolutePath().normalize().toString())
                    .hasMessageContaining("in use by another run");
            first.append(List.of("still works"));
        }
        try (FileJournal again = FileJournal.open(temp)) {
            assertThat(replayed(again)).containsExactly("still works");
        }
    }

    @Test
    void linesWithALineBreakAreRefusedAndNothingIsWritten() {
        try (FileJournal j = FileJournal.open(temp)) {
            assertThatThrownBy(() -> j.append(List.of("ok", "bad\nline")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
            assertThat(replayed(j)).isEmpty();
        }
    }

    @Test
    void aClosedJournalRefusesUse() {
        FileJournal j = FileJournal.open(temp);
        j.close();
        j.close(); // idempotent
        assertThatThrownBy(() -> j.append(List.of("x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anyOrderOfAppendsAndReopensReplaysExactlyWhatWasAppended() {
        Gen<String> line = strings().allPossible().ofLengthBetween(0, 12).map(FileJournalTest::withoutLineBreaksOrLoneSurrogates);
        Gen<List<List<String>>> batches = lists().of(lists().of(line).ofSizeBetween(0, 5)).ofSizeBetween(0, 8);
        int[] run = {0};
        qt().withExamples(60).withShrinkCycles(200).forAll(batches).checkAssert(appends -> {
            Path dir = temp.resolve("p" + run[0]++);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < appends.size(); i++) {
                // Reopen every other batch so the property also covers replay after restart.
                try (FileJournal j = FileJournal.open(dir)) {
                    j.append(appends.get(i));
                    expected.addAll(appends.get(i));
                    assertThat(replayed(j)).isEqualTo(expected);
                }
            }
            try (FileJournal j = FileJournal.open(dir)) {
                assertThat(replayed(j)).isEqualTo(expected);
            }
        });
    }

    private static String withoutLineBreaksOrLoneSurrogates(String s) {
        return s.codePoints()
                .filter(cp -> cp != '\n' && !(cp >= 0xD800 && cp <= 0xDFFF))
                .mapToObj(Character::toString)
                .collect(Collectors.joining());
    }
}
