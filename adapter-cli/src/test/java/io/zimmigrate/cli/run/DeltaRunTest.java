package io.zimmigrate.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.InProcessZim;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a first export imported, then a newer export (the earlier messages, lines in another order, plus new,
 * late, edited and deleted ones) run with the same journal against the emulator: only the new messages are sent,
 * in order; the late and edited ones are named in the rejects file and the summary, the deleted one counted.
 */
@ExtendWith(InProcessZim.class)
class DeltaRunTest {
    private static final String SECRET = InProcessZim.SECRET;
    private static final long T = 1_732_000_000_000L;

    @TempDir
    Path dir;

    private ZimEmulator zim;

    @BeforeEach
    void startZim(ZimEmulator started) {
        zim = started;
    }

    private static String group(String id, String group, String from, String body, long at) {
        return "{\"Id\":\"" + id + "\",\"GroupId\":\"" + group + "\",\"FromUserId\":\"" + from
                + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"" + body + "\"},\"SendMessageTime\":" + at + "}";
    }

    private static String peer(String id, String from, String to, String body, long at) {
        return "{\"Id\":\"" + id + "\",\"ToUserId\":\"" + to + "\",\"FromUserId\":\"" + from
                + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"" + body + "\"},\"SendMessageTime\":" + at + "}";
    }

    private Cli.Result run(Path input, Path journal, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", input.toString(), "--endpoint",
                zim.baseUri().toString(), "--app-id", "7", "--qps", "0", "--progress", "lines", "--journal",
                journal.toString()));
        args.addAll(List.of(more));
        return new Cli().env(Map.of("ZIM_SERVER_SECRET", SECRET)).run(args.toArray(String[]::new));
    }

    private List<String> bodies(String timeline) {
        return zim.timeline(timeline).stream().map(StoredMessage::message).toList();
    }

    @Test
    void aNewerExportWithTheSameJournalImportsOnlyTheDelta() throws Exception {
        Path journal = dir.resolve("journal");
        Path first = dir.resolve("export-1.jsonl");
        Files.write(first, List.of(
                group("a1", "g-a", "u1", "a one", T),
                group("b1", "g-b", "u2", "b one", T + 10_000),
                peer("p1", "u1", "u2", "p one", T + 30_000),
                group("a2", "g-a", "u2", "a two", T + 60_000)));
        Cli.Result bulk = run(first, journal);
        assertThat(bulk.exit()).as(bulk.toString()).isEqualTo(ExitCodes.OK);
        assertThat(bodies("g:g-a")).containsExactly("a one", "a two");

        Path second = dir.resolve("export-2.jsonl");
        Files.write(second, List.of(
                group("new-a3", "g-a", "u1", "a three", T + 120_000),
                peer("p1", "u1", "u2", "p one", T + 30_000),
                group("a2", "g-a", "u2", "a two, edited", T + 60_000), // changed since import
                group("late-a0", "g-a", "u3", "a late", T + 45_000), // earlier than a2, already in ZIM
                peer("new-p2", "u2", "u1", "p two", T + 200_000),
                group("a1", "g-a", "u1", "a one", T)));
        // b1 was deleted on the old service: in ZIM, not in this export.
        Cli.Result plan = new Cli().run("plan", second.toString(), "--journal", journal.toString());
        assertThat(plan.out()).as(plan.toString()).contains("delta, new:            3 import calls")
                .contains("delta, late:           1 calls").contains("delta, changed:        1 messages")
                .contains("delta, missing:        1 calls").contains("delta time at 20/s:    0h 00m 01s");
        Cli.Result delta = run(second, journal);

        assertThat(delta.exit()).as(delta.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(bodies("g:g-a")).as("new after what ZIM holds; nothing twice")
                .containsExactly("a one", "a two", "a three");
        assertThat(bodies("g:g-b")).containsExactly("b one");
        for (String key : zim.timelineKeys()) {
            if (key.startsWith("p:")) {
                assertThat(bodies(key)).as(key).containsExactly("p one", "p two");
            }
        }
        assertThat(delta.out()).as(delta.toString())
                .contains("imported:           3") // a3 and p2 in both views
                .contains("1 are in ZIM, not in this export")
                .contains("1 messages changed since import")
                .contains("1 new calls are earlier than their timeline in ZIM (time.behind-timeline");
        String rejects = Files.readString(journal.resolve("rejects.jsonl"));
        assertThat(rejects).contains("late-a0").contains("time.behind-timeline")
                .contains("\"a2\"").contains("record.changed-since-import").contains("MsgBody");

        Cli.Result again = run(second, journal);
        assertThat(again.exit()).as(again.toString()).isIn(ExitCodes.OK, ExitCodes.REJECTED);
        assertThat(again.out()).contains("imported:           0");
        assertThat(bodies("g:g-a")).containsExactly("a one", "a two", "a three");
    }

    /**
     * {@code --late=append}: late messages land at the end of their timeline (after what it held, before the new
     * ones, among themselves in send-time order) with their original send times, once; a later delta with the same
     * journal does not send them again.
     */
    @Test
    void lateMessagesAreAppendedAtTheEndOfTheirTimelinesOnce() throws Exception {
        Path journal = dir.resolve("journal");
        Path first = dir.resolve("export-1.jsonl");
        Files.write(first, List.of(
                group("a1", "g-a", "u1", "a one", T),
                peer("p1", "u1", "u2", "p one", T + 30_000),
                group("a2", "g-a", "u2", "a two", T + 60_000)));
        assertThat(run(first, journal).exit()).isEqualTo(ExitCodes.OK);

        Path second = dir.resolve("export-2.jsonl");
        List<String> secondLines = List.of(
                group("new-a3", "g-a", "u1", "a three", T + 120_000),
                group("late-a45", "g-a", "u3", "a late 45", T + 45_000),
                peer("p1", "u1", "u2", "p one", T + 30_000),
                group("a2", "g-a", "u2", "a two", T + 60_000),
                peer("late-p10", "u2", "u1", "p late", T + 10_000),
                group("late-a20", "g-a", "u3", "a late 20", T + 20_000),
                peer("new-p2", "u2", "u1", "p two", T + 200_000),
                group("a1", "g-a", "u1", "a one", T));
        Files.write(second, secondLines);
        Cli.Result plan = new Cli().run("plan", second.toString(), "--journal", journal.toString(), "--late", "append");
        assertThat(plan.out()).as(plan.toString()).contains("delta, late:           0 calls")
                .contains("delta, appended late:  4 calls").contains("delta, new:            3 import calls");
        Cli.Result delta = run(second, journal, "--late", "append");

        assertThat(delta.exit()).as(delta.toString()).isEqualTo(ExitCodes.OK);
        assertThat(bodies("g:g-a")).as("late ones after what ZIM held, in their order, then the new one")
                .containsExactly("a one", "a two", "a late 20", "a late 45", "a three");
        assertThat(zim.timeline("g:g-a").get(2).msgTime()).as("original send time kept").isEqualTo(T + 20_000);
        for (String key : zim.timelineKeys()) {
            if (key.startsWith("p:")) {
                assertThat(bodies(key)).as(key).containsExactly("p one", "p late", "p two");
            }
        }
        assertThat(delta.out()).as(delta.toString()).contains("imported:           7")
                .contains("4 late calls appended at the end of their timelines (--late=append, original send times kept)")
                .contains("0 new calls are earlier than their timeline in ZIM");
        assertThat(Files.readString(journal.resolve("rejects.jsonl"))).doesNotContain("time.behind-timeline");

        Cli.Result again = run(second, journal, "--late", "append");
        assertThat(again.out()).as(again.toString()).contains("imported:           0");

        // A later export: the appended ones are settled by their Id, not late again, not sent again.
        Path third = dir.resolve("export-3.jsonl");
        List<String> thirdLines = new java.util.ArrayList<>(secondLines);
        thirdLines.add(group("new-a4", "g-a", "u2", "a four", T + 300_000));
        Files.write(third, thirdLines);
        Cli.Result later = run(third, journal, "--late", "append", "--output", "json");
        assertThat(later.exit()).as(later.toString()).isEqualTo(ExitCodes.OK);
        assertThat(later.out()).contains("\"appendedLate\":0").contains("\"new\":1");
        assertThat(bodies("g:g-a")).containsExactly("a one", "a two", "a late 20", "a late 45", "a three", "a four");
    }

    @Test
    void withoutThePreviousExportsKeptPlanANewerExportIsRefusedAndNothingIsSent() throws Exception {
        Path journal = dir.resolve("journal");
        Path first = dir.resolve("export-1.jsonl");
        Files.write(first, List.of(group("a1", "g-a", "u1", "a one", T)));
        assertThat(run(first, journal).exit()).isEqualTo(ExitCodes.OK);
        Files.delete(journal.resolve(io.zimmigrate.files.journal.FilePlanStore.PLAN_FILE));

        Path second = dir.resolve("export-2.jsonl");
        Files.write(second, List.of(group("a1", "g-a", "u1", "a one", T), group("a2", "g-a", "u1", "a two", T + 1000)));
        Cli.Result refused = run(second, journal);
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("belongs to a different input").contains("not kept")
                .doesNotContain("Exception");
        assertThat(bodies("g:g-a")).containsExactly("a one");
    }
}
