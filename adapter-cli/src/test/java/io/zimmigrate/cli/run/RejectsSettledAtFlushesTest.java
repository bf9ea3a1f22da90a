package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.validate.RejectionLines;
import io.zimmigrate.cli.validate.RejectsFile;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the command's rejects file follows the engine while a run goes, through the real file and its mark. ZIM's
 * refusals reported after planning are flushed at {@code Settling} (before the journal's flush makes them settled)
 * and marked settled at {@code Settled} (after it), so a run killed after days of refusals leaves its resume only
 * the lines since the last of those to read: here none of the 2,000 before the kill, the 3 after it. Before, the mark
 * stayed where planning ended and the resume read all 2,003 back into memory.
 */
class RejectsSettledAtFlushesTest {
    @TempDir
    Path dir;

    private RejectsFile open(boolean append) {
        return RejectsFile.open(dir.resolve("rejects.jsonl"), List.of(dir.resolve("export.jsonl")),
                new RejectionLines(false), append, dir.resolve(RunSession.REJECTS_SETTLED));
    }

    private static Rejection refused(int line) {
        return new Rejection(Locator.line("export.jsonl", line), "m-" + line,
                List.of(new Violation("ImportPeerMsg", "zim.660000002", "input parameter error")));
    }

    private ProgressReporter reporter(RejectsFile file) {
        return new ProgressReporter(new PrintWriter(new StringWriter()), false, file::write, file::flush,
                file::settle);
    }

    private long mark() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(RunSession.REJECTS_SETTLED)).split("\t")[0]);
    }

    @Test
    void refusalsSettledByTheJournalAreMarkedSoTheResumeReadsOnlyWhatFollows() throws IOException {
        RejectsFile run = open(false);
        ProgressReporter events = reporter(run);
        events.onEvent(new MigrationEvent.Planned(4_000, 0, 4_000, 0, 100, true));
        for (int turn = 0; turn < 100; turn++) {
            for (int i = 0; i < 20; i++) {
                events.onRejection(refused(turn * 20 + i + 1));
            }
            events.onEvent(new MigrationEvent.Settling()); // the journal's flush comes next
            events.onEvent(new MigrationEvent.Settled()); // it made those Rejected lines durable
        }
        long settled = Files.size(dir.resolve("rejects.jsonl"));
        assertThat(mark()).as("marked at the last Settled").isEqualTo(settled);
        for (int i = 2_001; i <= 2_003; i++) {
            events.onRejection(refused(i)); // the turn the kill comes in
        }
        events.onEvent(new MigrationEvent.Settling());
        // killed before the journal's flush: never closed, never settled; a resume reports those 3 again

        RejectsFile resumed = open(true);
        assertThat(resumed.linesReadBack()).as("the resume reads only what followed the mark").isEqualTo(3);
        for (int i = 2_001; i <= 2_003; i++) {
            resumed.write(refused(i));
        }
        resumed.settle();
        resumed.close();
        List<String> lines = Files.readAllLines(dir.resolve("rejects.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).as("each refusal once").hasSize(2_003).doesNotHaveDuplicates();
    }
}
