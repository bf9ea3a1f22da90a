package io.zimmigrate.cli.run;

import static io.zimmigrate.cli.run.FollowRunTest.group;
import static io.zimmigrate.cli.run.FollowRunTest.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.InProcessZim;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.files.journal.FilePlanStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, {@code run --follow}: a followed file that only grew is planned by its appended lines alone (validated,
 * ordered, a late line and a duplicate ID named) and merged with the plan kept in the journal, so a growth costs what
 * was appended; the merged plan is the one a plan of the whole file makes (same fingerprint), and a file whose
 * earlier lines changed falls back to a full delta.
 */
@ExtendWith(InProcessZim.class)
class FollowGrowthTest {
    private static final String SECRET = InProcessZim.SECRET;
    private static final long T = 1_732_000_000_000L;
    private static final String PAST = "2024-01-01T00:00:00Z";

    @TempDir
    Path dir;

    private ZimEmulator zim;

    @BeforeEach
    void startZim(ZimEmulator started) {
        zim = started;
    }

    private Cli.Result follow(Path input, Path journal, String... more) {
        List<String> args = new ArrayList<>(List.of("run", input.toString(), "--endpoint", zim.baseUri().toString(),
                "--app-id", "7", "--qps", "0", "--progress", "lines", "--follow", "--until", PAST,
                "--journal", journal.toString()));
        args.addAll(List.of(more));
        return new Cli().env(Map.of("ZIM_SERVER_SECRET", SECRET)).run(args.toArray(String[]::new));
    }

    private List<String> bodies(String timeline) {
        return zim.timeline(timeline).stream().map(StoredMessage::message).toList();
    }

    private static List<String> partFiles(Path journal) throws Exception {
        try (var files = Files.list(journal)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("plan.part.")).toList();
        }
    }

    private static void append(Path input, String... lines) throws Exception {
        Files.writeString(input, String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
    }

    @Test
    void aGrowthIsPlannedByItsAppendedLinesAloneAndImportedExactly() throws Exception {
        Path journal = dir.resolve("journal");
        Path input = dir.resolve("live.jsonl");
        Files.writeString(input, group("a1", "g-a", "a one", T) + "\n" + peer("p1", "p one", T + 30_000) + "\n"
                + group("a2", "g-a", "a two", T + 60_000) + "\n");
        Cli.Result first = follow(input, journal);
        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.OK);

        append(input, group("a3", "g-a", "a three", T + 120_000), group("late-a0", "g-a", "a late", T + 45_000),
                group("a1", "g-a", "a one again", T + 130_000), peer("p2", "p two", T + 200_000));
        Cli.Result second = follow(input, journal);
        assertThat(second.exit()).as(second.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(second.err()).as(second.toString())
                .contains("growth: the input only grew since the plan kept with this journal (3 records unchanged)")
                .contains("planned only the 4 appended records")
                .doesNotContain("delta: this journal was started with an earlier export");
        assertThat(bodies("g:g-a")).as("new after what ZIM holds, the late and the duplicate line not sent")
                .containsExactly("a one", "a two", "a three");
        for (String key : zim.timelineKeys()) {
            if (key.startsWith("p:")) {
                assertThat(bodies(key)).as(key).containsExactly("p one", "p two");
            }
        }
        // Kept as one more part of the kept plan (session 11), not written whole: a head names plan.bin and the part.
        assertThat(journal.resolve("plan.head")).exists();
        assertThat(partFiles(journal)).hasSize(1);
        String rejects = Files.readString(journal.resolve("rejects.jsonl"));
        assertThat(rejects).contains("late-a0").contains("time.behind-timeline").contains("record.duplicate-id")
                .doesNotContain("\"a3\"");

        append(input, group("a4", "g-a", "a four", T + 300_000));
        Cli.Result third = follow(input, journal, "--output", "json");
        assertThat(third.err()).as(third.toString()).contains("(7 records unchanged)")
                .contains("planned only the 1 appended records");
        assertThat(bodies("g:g-a")).containsExactly("a one", "a two", "a three", "a four");
        // Its parts (3 messages, then 1) outgrew the first (3): kept whole again after the run (session 11).
        assertThat(journal.resolve("plan.head")).doesNotExist();
        assertThat(partFiles(journal)).isEmpty();

        // The merged plan is what a plan of the whole file makes: without the kept plan, the journal's fingerprint
        // still matches the file (a plain resume, not a delta), and nothing is sent again.
        Files.delete(journal.resolve(FilePlanStore.PLAN_FILE));
        Cli.Result replanned = follow(input, journal);
        assertThat(replanned.err()).as(replanned.toString()).doesNotContain("delta:").doesNotContain("growth:");
        assertThat(replanned.out()).contains("imported:           0");
        assertThat(bodies("g:g-a")).containsExactly("a one", "a two", "a three", "a four");
        assertThat(journal.resolve("plan.head")).as("the parts of the deleted plan.bin are dropped").doesNotExist();
    }

    @Test
    void earlierLinesThatChangedFallBackToAFullDelta() throws Exception {
        Path journal = dir.resolve("journal");
        Path input = dir.resolve("live.jsonl");
        String a2 = group("a2", "g-a", "a two", T + 60_000);
        Files.writeString(input, group("a1", "g-a", "a one", T) + "\n" + a2 + "\n");
        Cli.Result first = follow(input, journal);
        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.OK);

        // The same length up to where the plan was kept, one byte of an earlier line changed, and a line appended.
        Files.writeString(input, group("a1", "g-a", "a One", T) + "\n" + a2 + "\n"
                + group("a3", "g-a", "a three", T + 120_000) + "\n");
        Cli.Result second = follow(input, journal);
        assertThat(second.err()).as(second.toString()).doesNotContain("growth:")
                .contains("delta: this journal was started with an earlier export")
                .contains("1 messages changed since import");
        assertThat(bodies("g:g-a")).containsExactly("a one", "a two", "a three");
    }

    /**
     * An {@code Id} used only by a rejected earlier record is still taken: a whole-file plan rejects a later record
     * reusing it ({@code record.duplicate-id}), so a growth must too, though the kept plan holds valid messages only.
     */
    @Test
    void anIdOfARejectedEarlierRecordIsADuplicateInAGrowth() throws Exception {
        Path journal = dir.resolve("journal");
        Path input = dir.resolve("live.jsonl");
        String rejected = group("bad1", "g-a", "not a type", T + 30_000).replace("\"MessageType\":1", "\"MessageType\":99");
        Files.writeString(input, group("a1", "g-a", "a one", T) + "\n" + rejected + "\n"
                + group("a2", "g-a", "a two", T + 60_000) + "\n");
        Cli.Result first = follow(input, journal);
        assertThat(first.exit()).as(first.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(Files.readString(journal.resolve("rejects.jsonl"))).contains("bad1")
                .doesNotContain("record.duplicate-id");

        append(input, group("bad1", "g-a", "reuses a rejected Id", T + 120_000), group("a3", "g-a", "a three", T + 180_000));
        Cli.Result second = follow(input, journal);
        assertThat(second.err()).as(second.toString()).contains("planned only the 2 appended records");
        assertThat(bodies("g:g-a")).as("the record reusing a rejected record's Id is not sent")
                .containsExactly("a one", "a two", "a three");
        assertThat(Files.readString(journal.resolve("rejects.jsonl")))
                .contains("{\"line\":4,\"id\":\"bad1\",\"field\":\"Id\",\"rule\":\"record.duplicate-id\"");

        // The journal belongs to the whole file: planned again without the kept plan, it is a plain resume.
        Files.delete(journal.resolve(FilePlanStore.PLAN_FILE));
        Cli.Result replanned = follow(input, journal);
        assertThat(replanned.err()).as(replanned.toString()).doesNotContain("delta:").doesNotContain("growth:");
        assertThat(replanned.out()).contains("imported:           0");
        assertThat(bodies("g:g-a")).containsExactly("a one", "a two", "a three");
    }
}
