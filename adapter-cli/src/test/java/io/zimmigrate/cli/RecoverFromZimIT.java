package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12 item 2 through the real jar against the emulator: a run killed midway leaves part of the input in ZIM;
 * a second journal (another directory, the journal deleted) is refused before anything is sent, naming what it
 * found and {@code --recover}; a journal line changed behind the tool's back is refused; {@code --recover} then
 * completes with every timeline exactly as expected (nothing lost, nothing twice, in order), and a damaged journal
 * is moved aside, not deleted.
 */
class RecoverFromZimIT {
    private static final String SECRET = "recover-it-secret-4e5f6a7b8c9d0e1f";

    @Test
    void aSecondJournalIsRefusedAndRecoverCompletesEveryTimelineExactly(@TempDir Path dir) throws Exception {
        Map<String, List<String>> expected = TextHistory.write(dir.resolve("history.jsonl"), 60, 31, 2, true);
        try (ZimEmulator zim = emulator()) {
            Path journal = dir.resolve("journal");
            long held = killedMidway(zim, dir, journal);

            // Another directory: a new journal, refused before its first import.
            JarRun.Result other = run(command(zim, dir, dir.resolve("elsewhere")), dir.resolve("other.log"));
            assertThat(other.exit()).as(other.log()).isEqualTo(ExitCodes.USAGE);
            assertThat(other.log()).contains("ZIM already holds").contains("--recover").contains("--allow-duplicates")
                    .doesNotContain(SECRET);
            assertThat(LandedTimelines.count(zim)).as("nothing sent by the refused run").isEqualTo(held);

            // The journal deleted: refused the same way.
            deleteTree(journal);
            JarRun.Result deleted = run(command(zim, dir, journal), dir.resolve("deleted.log"));
            assertThat(deleted.exit()).as(deleted.log()).isEqualTo(ExitCodes.USAGE);
            assertThat(deleted.log()).contains("ZIM already holds");
            assertThat(LandedTimelines.count(zim)).isEqualTo(held);

            JarRun.Result recovered = run(command(zim, dir, journal, "--recover"), dir.resolve("recover.log"));
            assertThat(recovered.exit()).as(recovered.log()).isZero();
            assertThat(recovered.log()).contains("journal rebuilt from ZIM").containsPattern("already done: +[1-9]");
            LandedTimelines.assertExactly(zim, expected);

            // The rebuilt journal is an ordinary one: the same command again sends nothing.
            JarRun.Result again = run(command(zim, dir, journal), dir.resolve("again.log"));
            assertThat(again.exit()).as(again.log()).isZero();
            LandedTimelines.assertExactly(zim, expected);
        }
    }

    @Test
    void aJournalLineChangedBehindTheToolsBackIsRefusedThenRecoverContinuesExactly(@TempDir Path dir) throws Exception {
        Map<String, List<String>> expected = TextHistory.write(dir.resolve("history.jsonl"), 50, 37, 2, true);
        try (ZimEmulator zim = emulator()) {
            Path journal = dir.resolve("journal");
            long held = killedMidway(zim, dir, journal);

            Path log = journal.resolve("journal.log");
            List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
            int edited = -1;
            for (int i = lines.size() - 1; i > 0 && edited < 0; i--) {
                if (lines.get(i).contains("[\"i\"")) {
                    // Still well-formed: one more message "imported" than ZIM acknowledged.
                    lines.set(i, lines.get(i).replaceFirst(",(\\d+)]$", ",9$1]"));
                    edited = i;
                }
            }
            assertThat(edited).as("an Imported line to change").isPositive();
            Files.write(log, lines, StandardCharsets.UTF_8);

            JarRun.Result damaged = run(command(zim, dir, journal), dir.resolve("damaged.log"));
            assertThat(damaged.exit()).as(damaged.log()).isEqualTo(ExitCodes.USAGE);
            assertThat(damaged.log()).contains("line " + (edited + 1)).contains("damaged").contains("--recover");
            assertThat(LandedTimelines.count(zim)).isEqualTo(held);

            JarRun.Result recovered = run(command(zim, dir, journal, "--recover"), dir.resolve("recover.log"));
            assertThat(recovered.exit()).as(recovered.log()).isZero();
            assertThat(recovered.log()).contains("moved it aside").contains("journal rebuilt from ZIM");
            LandedTimelines.assertExactly(zim, expected);
            try (Stream<Path> aside = Files.list(journal)) {
                Path kept = aside.filter(p -> p.getFileName().toString().startsWith("set-aside-")).findFirst().orElseThrow();
                assertThat(Files.readAllLines(kept.resolve("journal.log"), StandardCharsets.UTF_8)).isEqualTo(lines);
            }
        }
    }

    /**
     * A new migration checks ZIM before provisioning, when its groups and users do not exist yet: ZIM's "does not
     * exist" answers to those reads mean "holds nothing", not a failure; with {@code --recover} too.
     */
    @Test
    void aNewJournalReadsGroupsAndUsersThatDoNotExistYetAsEmpty(@TempDir Path dir) throws Exception {
        Map<String, List<String>> expected = TextHistory.write(dir.resolve("history.jsonl"), 12, 41, 2, true);
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(20).seed(3).requireProvisioned(true).build())) {
            JarRun.Result fresh = run(command(zim, dir, dir.resolve("journal"), "--provision"), dir.resolve("fresh.log"));
            assertThat(fresh.exit()).as(fresh.log()).isZero();
            assertThat(fresh.log()).contains("new journal: ZIM holds none of this input");
            LandedTimelines.assertExactly(zim, expected);

            JarRun.Result recovered = run(command(zim, dir, dir.resolve("other"), "--provision", "--recover"),
                    dir.resolve("recover.log"));
            assertThat(recovered.exit()).as(recovered.log()).isZero();
            assertThat(recovered.log()).contains("journal rebuilt from ZIM");
            LandedTimelines.assertExactly(zim, expected);
        }
    }

    private static ZimEmulator emulator() {
        return ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7).secret(ServerSecret.of(SECRET)).qps(20)
                .seed(3).answerDelay(Duration.ofMillis(20)).build());
    }

    private static List<String> command(ZimEmulator zim, Path dir, Path journal, String... more) {
        List<String> command = JarRun.command("run", dir.resolve("history.jsonl").toString(),
                "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--journal", journal.toString(),
                "--progress", "lines");
        command.addAll(List.of(more));
        return command;
    }

    private static Process start(List<String> command, Path log) throws Exception {
        return JarRun.start(command, log, SECRET);
    }

    private static JarRun.Result run(List<String> command, Path log) throws Exception {
        return JarRun.run(command, log, SECRET, Duration.ofSeconds(90));
    }

    /** A first run with {@code journal}, killed once 12 messages landed; returns how many ZIM holds then. */
    private static long killedMidway(ZimEmulator zim, Path dir, Path journal) throws Exception {
        killAfter(start(command(zim, dir, journal), dir.resolve("first.log")), zim, 12, dir.resolve("first.log"));
        return LandedTimelines.count(zim);
    }

    /** SIGKILL once {@code atLeast} messages landed: the journal stays behind, as after a crash. */
    private static void killAfter(Process run, ZimEmulator zim, long atLeast, Path log) throws InterruptedException {
        LandedTimelines.await(zim, atLeast, run, log);
        run.destroyForcibly();
        assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // what was on the wire lands
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
