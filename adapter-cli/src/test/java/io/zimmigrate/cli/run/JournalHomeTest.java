package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.InProcessZim;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code --journal}, a real migration keeps its journal in the user's state directory, keyed by AppId,
 * endpoint and the input's content: the same input run from another directory, or under another name, finds it.
 */
@ExtendWith(InProcessZim.class)
class JournalHomeTest {
    private static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("docs/examples/history.jsonl");
    private static final String SECRET = InProcessZim.SECRET;
    private static final Pattern JOURNAL_LINE = Pattern.compile("journal: (\\S+) ");

    @TempDir
    Path dir;

    private ZimEmulator zim;

    @BeforeEach
    void startZim(ZimEmulator started) {
        zim = started;
    }

    private Cli.Result run(Map<String, String> env, Path input) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("ZIM_SERVER_SECRET", SECRET);
        return new Cli().env(all).run("run", input.toString(), "--endpoint", zim.baseUri().toString(), "--app-id", "7",
                "--qps", "0", "--progress", "lines");
    }

    private static Path journalOf(Cli.Result r) {
        Matcher m = JOURNAL_LINE.matcher(r.err());
        assertThat(m.find()).as(r.toString()).isTrue();
        return Path.of(m.group(1));
    }

    @Test
    void theDefaultJournalLivesUnderXdgStateHomeWhateverTheInputIsCalled() throws Exception {
        Path state = dir.resolve("state");
        Path input = dir.resolve("a/history.jsonl");
        Files.createDirectories(input.getParent());
        Files.copy(EXAMPLE, input);

        Cli.Result first = run(Map.of("XDG_STATE_HOME", state.toString()), input);
        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.OK);
        Path journal = journalOf(first);
        assertThat(journal).isAbsolute().startsWith(state.resolve("zim-migrate"));
        assertThat(journal.toString()).contains("7");
        assertThat(journal.resolve(FileJournal.LOG_FILE)).exists();

        Path copy = dir.resolve("elsewhere/renamed.jsonl"); // another directory, another name, the same content
        Files.createDirectories(copy.getParent());
        Files.copy(EXAMPLE, copy);
        Cli.Result again = run(Map.of("XDG_STATE_HOME", state.toString()), copy);
        assertThat(journalOf(again)).isEqualTo(journal);
        assertThat(again.out()).as(again.toString()).contains("already done:       11").contains("imported:           0");

        Files.writeString(copy, Files.readString(copy).replace("Good morning", "Good evening"));
        assertThat(journalOf(run(Map.of("XDG_STATE_HOME", state.toString()), copy))).as("other content, own journal")
                .isNotEqualTo(journal);
    }

    @Test
    void withoutXdgStateHomeItIsUnderHomeLocalState() throws Exception {
        Path home = dir.resolve("home");
        Cli.Result r = run(Map.of("HOME", home.toString()), EXAMPLE);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(journalOf(r)).startsWith(home.resolve(".local/state/zim-migrate"));
    }

    @Test
    void aJournalDirectoryWithAPlanButNoLogIsRefused() throws Exception {
        Path state = dir.resolve("state");
        Cli.Result first = run(Map.of("XDG_STATE_HOME", state.toString()), EXAMPLE);
        Path journal = journalOf(first);
        assertThat(journal.resolve(FilePlanStore.PLAN_FILE)).exists();
        Files.delete(journal.resolve(FileJournal.LOG_FILE));

        Cli.Result again = run(Map.of("XDG_STATE_HOME", state.toString()), EXAMPLE);
        assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("no journal.log").contains("--recover").doesNotContain("Exception");
        assertThat(again.out()).doesNotContain("imported:");
    }
}
