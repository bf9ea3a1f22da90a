package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
        Map<String, List<String>> expected = writeHistory(dir.resolve("history.jsonl"), 60, 31);
        try (ZimEmulator zim = emulator()) {
            Path journal = dir.resolve("journal");
            killAfter(start(command(zim, dir, journal), dir.resolve("first.log")), zim, 12);
            long held = landed(zim);

            // Another directory: a new journal, refused before its first import.
            Result other = run(command(zim, dir, dir.resolve("elsewhere")), dir.resolve("other.log"));
            assertThat(other.exit()).as(other.log()).isEqualTo(ExitCodes.USAGE);
            assertThat(other.log()).contains("ZIM already holds").contains("--recover").contains("--allow-duplicates")
                    .doesNotContain(SECRET);
            assertThat(landed(zim)).as("nothing sent by the refused run").isEqualTo(held);

            // The journal deleted: refused the same way.
            deleteTree(journal);
            Result deleted = run(command(zim, dir, journal), dir.resolve("deleted.log"));
            assertThat(deleted.exit()).as(deleted.log()).isEqualTo(ExitCodes.USAGE);
            assertThat(deleted.log()).contains("ZIM already holds");
            assertThat(landed(zim)).isEqualTo(held);

            Result recovered = run(command(zim, dir, journal, "--recover"), dir.resolve("recover.log"));
            assertThat(recovered.exit()).as(recovered.log()).isZero();
            assertThat(recovered.log()).contains("journal rebuilt from ZIM").containsPattern("already done: +[1-9]");
            assertLandedExactly(zim, expected);

            // The rebuilt journal is an ordinary one: the same command again sends nothing.
            Result again = run(command(zim, dir, journal), dir.resolve("again.log"));
            assertThat(again.exit()).as(again.log()).isZero();
            assertLandedExactly(zim, expected);
        }
    }

    @Test
    void aJournalLineChangedBehindTheToolsBackIsRefusedThenRecoverContinuesExactly(@TempDir Path dir) throws Exception {
        Map<String, List<String>> expected = writeHistory(dir.resolve("history.jsonl"), 50, 37);
        try (ZimEmulator zim = emulator()) {
            Path journal = dir.resolve("journal");
            killAfter(start(command(zim, dir, journal), dir.resolve("first.log")), zim, 12);
            long held = landed(zim);

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

            Result damaged = run(command(zim, dir, journal), dir.resolve("damaged.log"));
            assertThat(damaged.exit()).as(damaged.log()).isEqualTo(ExitCodes.USAGE);
            assertThat(damaged.log()).contains("line " + (edited + 1)).contains("damaged").contains("--recover");
            assertThat(landed(zim)).isEqualTo(held);

            Result recovered = run(command(zim, dir, journal, "--recover"), dir.resolve("recover.log"));
            assertThat(recovered.exit()).as(recovered.log()).isZero();
            assertThat(recovered.log()).contains("moved it aside").contains("journal rebuilt from ZIM");
            assertLandedExactly(zim, expected);
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
        Map<String, List<String>> expected = writeHistory(dir.resolve("history.jsonl"), 12, 41);
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(20).seed(3).requireProvisioned(true).build())) {
            Result fresh = run(command(zim, dir, dir.resolve("journal"), "--provision"), dir.resolve("fresh.log"));
            assertThat(fresh.exit()).as(fresh.log()).isZero();
            assertThat(fresh.log()).contains("new journal: ZIM holds none of this input");
            assertLandedExactly(zim, expected);

            Result recovered = run(command(zim, dir, dir.resolve("other"), "--provision", "--recover"),
                    dir.resolve("recover.log"));
            assertThat(recovered.exit()).as(recovered.log()).isZero();
            assertThat(recovered.log()).contains("journal rebuilt from ZIM");
            assertLandedExactly(zim, expected);
        }
    }

    private record Result(int exit, String log) {}

    private static ZimEmulator emulator() {
        return ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7).secret(ServerSecret.of(SECRET)).qps(20)
                .seed(3).answerDelay(Duration.ofMillis(20)).build());
    }

    private static List<String> command(ZimEmulator zim, Path dir, Path journal, String... more) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ZimMigrateJarIT.JAR.toString(), "run", dir.resolve("history.jsonl").toString(),
                "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--journal", journal.toString(),
                "--progress", "lines"));
        command.addAll(List.of(more));
        return command;
    }

    private static Process start(List<String> command, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ZIM_SERVER_SECRET", SECRET);
        return pb.start();
    }

    private static Result run(List<String> command, Path log) throws Exception {
        Process p = start(command, log);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(p.exitValue(), Files.readString(log));
    }

    /** SIGKILL once {@code atLeast} messages landed: the journal stays behind, as after a crash. */
    private static void killAfter(Process run, ZimEmulator zim, long atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000; // a busy 2-core box starts a JVM slowly
        while (landed(zim) < atLeast && run.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(run.isAlive()).as("still running when killed").isTrue();
        assertThat(landed(zim)).as("landed before the kill").isGreaterThanOrEqualTo(atLeast);
        run.destroyForcibly();
        assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // what was on the wire lands
    }

    private static long landed(ZimEmulator zim) {
        return zim.timelineKeys().stream().mapToLong(k -> zim.timeline(k).size()).sum();
    }

    private static void assertLandedExactly(ZimEmulator zim, Map<String, List<String>> expected) {
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertThat(zim.timeline(e.getKey()).stream().map(StoredMessage::message).toList())
                    .as("timeline %s", e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        assertThat(expected.keySet()).containsAll(zim.timelineKeys());
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * {@code messages} records a day old over 3 groups and one one-to-one pair (each message in both views), many
     * with the same body from the same sender ("ok"), times out of order with ties; each timeline's bodies in order.
     */
    private static Map<String, List<String>> writeHistory(Path file, int messages, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        long base = System.currentTimeMillis() - 86_400_000L;
        record Row(long time, int line, String timeline, String body) {}
        List<Row> rows = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < messages; i++) {
            long t = base + r.nextInt(30) * 1000L;
            String body = r.nextInt(3) == 0 ? "ok" : "msg-" + i + "-" + Integer.toHexString(r.nextInt());
            String from = "u" + r.nextInt(2);
            if (r.nextInt(5) < 3) {
                String g = "g" + r.nextInt(3);
                out.append(String.format("{\"Id\":\"m%d\",\"GroupId\":\"%s\",\"FromUserId\":\"%s\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"%s\"},\"SendMessageTime\":%d}%n", i, g, from, body, t));
                rows.add(new Row(t, i, new Timeline.GroupTimeline(new GroupId(g)).key(), body));
            } else {
                String to = from.equals("u0") ? "u1" : "u0";
                out.append(String.format("{\"Id\":\"m%d\",\"ToUserId\":\"%s\",\"FromUserId\":\"%s\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"%s\"},\"SendMessageTime\":%d}%n", i, to, from, body, t));
                rows.add(new Row(t, i, new Timeline.PeerTimeline(new UserId(from), new UserId(to)).key(), body));
                rows.add(new Row(t, i, new Timeline.PeerTimeline(new UserId(to), new UserId(from)).key(), body));
            }
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
        rows.sort(Comparator.comparingLong(Row::time).thenComparingInt(Row::line));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        rows.forEach(row -> expected.computeIfAbsent(row.timeline(), k -> new ArrayList<>()).add(row.body()));
        return expected;
    }
}
