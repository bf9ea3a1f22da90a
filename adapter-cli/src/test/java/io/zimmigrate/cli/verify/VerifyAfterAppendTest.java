package io.zimmigrate.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.InProcessZim;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, the cut-over's loose ends, against the emulator: after a delta that appended late messages
 * ({@code --late append}), {@code verify --late append} finds every timeline as the runs left it (the appended ones
 * counted, not out of order), and {@code --recover} after the journal is lost continues where each timeline
 * stands, although its newest messages in ZIM are appended late ones that sort before what precedes them.
 */
@ExtendWith(InProcessZim.class)
class VerifyAfterAppendTest {
    private static final long T = 1_732_000_000_000L;

    @TempDir
    Path dir;

    private ZimEmulator zim;

    @BeforeEach
    void startZim(ZimEmulator started) {
        zim = started;
    }

    private static String group(String id, String from, String body, long at) {
        return "{\"Id\":\"" + id + "\",\"GroupId\":\"g-a\",\"FromUserId\":\"" + from
                + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"" + body + "\"},\"SendMessageTime\":" + at + "}";
    }

    private Cli.Result zimMigrate(String command, Path input, String... more) {
        List<String> args = new ArrayList<>(List.of(command, input.toString(), "--endpoint",
                zim.baseUri().toString(), "--app-id", "7", "--qps", "0"));
        args.addAll(List.of(more));
        return new Cli().env(Map.of("ZIM_SERVER_SECRET", InProcessZim.SECRET)).run(args.toArray(String[]::new));
    }

    private List<String> bodies() {
        return zim.timeline("g:g-a").stream().map(StoredMessage::message).toList();
    }

    @Test
    void verifyCountsAppendedLateMessagesAndRecoverContinuesAfterThem() throws Exception {
        Path journal = dir.resolve("journal");
        Path first = dir.resolve("export-1.jsonl");
        List<String> lines = new ArrayList<>(List.of(
                group("a1", "u1", "a one", T),
                group("a2", "u2", "a two", T + 60_000),
                group("a3", "u1", "a three", T + 90_000)));
        Files.write(first, lines);
        assertThat(zimMigrate("run", first, "--journal", journal.toString()).exit()).isEqualTo(ExitCodes.OK);

        // The delta brings only late messages for g-a: the timeline ends with them in ZIM.
        Path second = dir.resolve("export-2.jsonl");
        lines.add(group("late-45", "u3", "a late 45", T + 45_000));
        lines.add(group("late-20", "u3", "a late 20", T + 20_000));
        Files.write(second, lines);
        Cli.Result delta = zimMigrate("run", second, "--journal", journal.toString(), "--late", "append");
        assertThat(delta.exit()).as(delta.toString()).isEqualTo(ExitCodes.OK);
        List<String> appended = List.of("a one", "a two", "a three", "a late 20", "a late 45");
        assertThat(bodies()).containsExactlyElementsOf(appended);

        Cli.Result strict = zimMigrate("verify", second);
        assertThat(strict.exit()).as(strict.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(strict.out()).contains("out of order: 2").contains("verify with --late append");
        Cli.Result verified = zimMigrate("verify", second, "--late", "append");
        assertThat(verified.exit()).as(verified.toString()).isEqualTo(ExitCodes.OK);
        assertThat(verified.out()).contains("missing: 0, duplicated: 0, out of order: 0, appended late: 2")
                .contains("OK: every timeline holds exactly its messages");
        Cli.Result json = zimMigrate("verify", second, "--late", "append", "--output", "json");
        assertThat(json.out()).contains("\"ok\":true").contains("\"appendedLate\":2");

        // The journal is lost; the next export is run with --recover: nothing of g-a is sent again.
        deleteTree(journal);
        Path third = dir.resolve("export-3.jsonl");
        lines.add(group("a4", "u2", "a four", T + 120_000));
        Files.write(third, lines);
        Cli.Result recovered = zimMigrate("run", third, "--journal", journal.toString(), "--recover", "--late", "append");
        assertThat(recovered.exit()).as(recovered.toString()).isEqualTo(ExitCodes.OK);
        assertThat(recovered.out()).contains("imported:           1");
        List<String> after = new ArrayList<>(appended);
        after.add("a four");
        assertThat(bodies()).containsExactlyElementsOf(after);
        Cli.Result again = zimMigrate("verify", third, "--late", "append");
        assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("appended late: 2");
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
