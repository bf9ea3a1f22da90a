package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 through the real jar: ZIM refuses half the messages of a run long after its planning (the emulator takes
 * bodies of 20 bytes at most, the command's rules allow more), the run is killed (SIGKILL) once its rejects file holds
 * 600 refusals, and run again with the same input. The killed run's mark ({@code rejects.settled}) sits within one
 * turn of the engine of the file's end (what a resume reads back and holds); the rejects file names each refused
 * message once, every line whole, and every timeline holds the others once, in order.
 * Before, the mark stayed where planning ended: the resume read all of the killed run's refusals back.
 */
class RefusalsRejectsOnceIT {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final int MESSAGES = 2_000;
    private static final int GROUPS = 51;
    /** At most one refusal per request in flight per turn (the command's transports: 64), a few hundred bytes each. */
    private static final long ONE_TURN_BYTES = 64 * 400;

    @TempDir
    Path dir;

    @Test
    void aRunKilledAmongItsRefusalsLeavesItsResumeOneTurnToReadAndWritesEachOnce() throws Exception {
        long t0 = System.currentTimeMillis() - 86_400_000L;
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(0).maxMessageBytes(20).build())) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                lines.add("{\"Id\":\"m-" + i + "\",\"GroupId\":\"g-" + i % GROUPS + "\",\"FromUserId\":\"u-" + i % 7
                        + "\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"" + body(i) + "\"},\"SendMessageTime\":"
                        + (t0 + i * 1000L) + "}");
            }
            Path input = dir.resolve("export.jsonl");
            Files.write(input, lines, StandardCharsets.UTF_8);
            Path journal = dir.resolve("journal");
            List<String> command = JarRun.command("run", input.toString(), "--endpoint", zim.baseUri().toString(),
                    "--app-id", "7", "--qps", "400", "--journal", journal.toString(), "--progress", "lines",
                    "--allow-duplicates", "--connect-timeout", "1", "--read-timeout", "2", "--landing-horizon", "3");
            // short timeouts: the resume reads back what the kill left in flight, and resends it only after the
            // landing horizon (30 s by default)

            Path rejects = journal.resolve("rejects.jsonl");
            Process killed = JarRun.start(command, dir.resolve("killed.log"), SECRET);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (refusals(rejects) < 600 && killed.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            killed.destroyForcibly();
            assertThat(killed.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(dir.resolve("killed.log"));
            assertThat(log).as("killed while it went").doesNotContain("FINISHED");
            long size = Files.size(rejects);
            long mark = Long.parseLong(Files.readString(journal.resolve("rejects.settled")).split("\t")[0]);
            assertThat(size - mark).as("what a resume reads back: one turn at most (%s)", log)
                    .isBetween(0L, ONE_TURN_BYTES);

            JarRun.Result rest = JarRun.run(command, dir.resolve("rest.log"), SECRET, Duration.ofSeconds(60));
            assertThat(rest.exit()).as(rest.log()).isEqualTo(ExitCodes.REJECTED);
            Map<String, Integer> named = new HashMap<>();
            for (String l : Files.readAllLines(rejects, StandardCharsets.UTF_8)) {
                assertThat(l).as("a whole JSON line").startsWith("{\"line\":").endsWith("}").contains("zim.660400001");
                named.merge(l.replaceAll(".*\"id\":\"(m-[0-9]+)\".*", "$1"), 1, Integer::sum);
            }
            assertThat(named).as("each refused message named once").hasSize(MESSAGES / 2);
            assertThat(named.values()).allMatch(n -> n == 1);
            for (int g = 0; g < GROUPS; g++) {
                List<String> expected = new ArrayList<>();
                for (int i = g; i < MESSAGES; i += GROUPS) {
                    if (i % 2 == 1) {
                        expected.add(body(i));
                    }
                }
                assertThat(zim.timeline("g:g-" + g).stream().map(StoredMessage::message).toList())
                        .as("g-%d: everything else once, in order", g).containsExactlyElementsOf(expected);
            }
        }
    }

    /** Even messages are too long for this ZIM (refused, 660400001), odd ones are imported. */
    private static String body(int i) {
        return i % 2 == 0 ? "hello " + i + ", a body too long for this ZIM" : "hi " + i;
    }

    private static long refusals(Path rejects) throws java.io.IOException {
        if (!Files.exists(rejects)) {
            return 0;
        }
        try (var l = Files.lines(rejects, StandardCharsets.UTF_8)) {
            return l.count();
        }
    }
}
