package io.zimmigrate.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a run's rejects file across kills. What a killed run wrote after its last settled point is not written
 * again by the run that resumes it and reports it again (a delta killed before its journal rewrite); a torn last
 * line is cut off; what was settled is never read again.
 */
class RejectsFileResumeTest {
    @TempDir
    Path dir;

    private Path rejects() {
        return dir.resolve("rejects.jsonl");
    }

    private Path mark() {
        return dir.resolve("rejects.settled");
    }

    private RejectsFile open(boolean append) {
        return RejectsFile.open(rejects(), List.of(dir.resolve("export.jsonl")), new RejectionLines(false), append,
                mark());
    }

    private static Rejection changed(int line, String id) {
        return new Rejection(Locator.line("export.jsonl", line), id, List.of(new Violation("Id",
                "record.changed-since-import", "was imported earlier; MsgBody changed since")));
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(rejects(), StandardCharsets.UTF_8);
    }

    @Test
    void aDeltaKilledBeforeItsRewriteAndResumedWritesEachLineOnce() throws IOException {
        RejectsFile first = open(false);
        first.write(changed(3, "m-3"));
        first.write(changed(7, "m-7"));
        first.flush(); // Settling: the rewrite is next, and the kill comes before it
        first.close();
        // killed: never closed, never settled

        RejectsFile resumed = open(true);
        resumed.write(changed(3, "m-3")); // the same delta, compared again
        resumed.write(changed(7, "m-7"));
        resumed.write(changed(9, "m-9")); // say the killed run had not reported it
        resumed.settle();
        resumed.close();
        assertThat(lines()).hasSize(3).anyMatch(l -> l.contains("\"m-3\"")).anyMatch(l -> l.contains("\"m-7\""))
                .anyMatch(l -> l.contains("\"m-9\""));
    }

    @Test
    void aTornLastLineIsCutOffAndWrittenWholeByTheResume() throws IOException {
        RejectsFile first = open(false);
        first.write(changed(3, "m-3"));
        first.write(changed(7, "m-7"));
        first.flush();
        first.close();
        String whole = Files.readString(rejects());
        int cut = whole.indexOf("\"m-7\"");
        Files.writeString(rejects(), whole.substring(0, cut)); // the buffer reached the file half-way: a kill

        RejectsFile resumed = open(true);
        resumed.write(changed(3, "m-3"));
        resumed.write(changed(7, "m-7"));
        resumed.close();
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(1)).startsWith("{").endsWith("}").contains("\"m-7\"");
    }

    @Test
    void whatWasSettledIsNotCheckedAgainAndTwoEqualLinesAreKeptTwice() throws IOException {
        RejectsFile first = open(false);
        first.write(changed(3, "m-3"));
        first.settle(); // planning over: no resume reports it again
        first.write(changed(5, "m-5"));
        first.write(changed(5, "m-5")); // two reports in the same words: both kept
        first.flush();
        first.close();
        // killed in the run

        RejectsFile resumed = open(true);
        resumed.write(changed(5, "m-5"));
        resumed.write(changed(5, "m-5"));
        resumed.write(changed(5, "m-5")); // a third: new
        resumed.write(changed(3, "m-3")); // settled before: a run that plans again says it again
        resumed.settle();
        resumed.close();
        assertThat(lines().stream().filter(l -> l.contains("\"m-5\""))).hasSize(3);
        assertThat(lines().stream().filter(l -> l.contains("\"m-3\""))).hasSize(2);

        RejectsFile after = open(true); // after a clean end: nothing to check
        after.write(changed(5, "m-5"));
        after.close();
        assertThat(lines().stream().filter(l -> l.contains("\"m-5\""))).hasSize(4);
    }

    @Test
    void aMarkOfAnotherFileOrPastTheEndIsNoMark() throws IOException {
        RejectsFile first = open(false);
        first.write(changed(3, "m-3"));
        first.flush();
        first.close();
        Files.writeString(mark(), "0\t" + dir.resolve("other.jsonl").toAbsolutePath() + "\n");
        RejectsFile resumed = open(true);
        resumed.write(changed(3, "m-3"));
        resumed.close();
        assertThat(lines()).hasSize(2);

        Files.writeString(mark(), "100000\t" + rejects().toAbsolutePath() + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        RejectsFile again = open(true);
        again.write(changed(3, "m-3"));
        again.close();
        assertThat(lines()).hasSize(3);
    }
}
