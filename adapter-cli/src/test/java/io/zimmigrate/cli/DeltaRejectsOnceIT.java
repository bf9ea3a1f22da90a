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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 through the real jar: a delta run that reports 400 changed messages is killed (SIGKILL) as soon as its
 * rejects file holds anything (while it compares, or just after its journal rewrite), then run again with the same
 * export: the rejects file names each changed message exactly once, every line whole JSON, and every timeline is
 * exact. Before, the resume wrote again what the killed run had flushed (a buffer's worth, cut mid-line), or lost
 * what the killed run had not flushed when its journal rewrite was already done.
 */
class DeltaRejectsOnceIT {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final int GROUPS = 20;
    private static final int FIRST = 1_500;
    private static final int EDITED = 400;
    private static final int ADDED = 30;

    @TempDir
    Path dir;

    private static String line(int i, String body, long t0) {
        return "{\"Id\":\"m-" + i + "\",\"GroupId\":\"g-" + i % GROUPS + "\",\"FromUserId\":\"u-1\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"" + body + "\"},\"SendMessageTime\":" + (t0 + i * 1000L) + "}";
    }

    private Process jar(ZimEmulator zim, Path input, Path journal, String log) throws Exception {
        List<String> command = JarRun.command("run", input.toString(), "--endpoint", zim.baseUri().toString(),
                "--app-id", "7", "--qps", "0", "--journal", journal.toString(), "--progress", "lines");
        return JarRun.start(command, dir.resolve(log), SECRET);
    }

    @Test
    void aDeltaKilledWhileItReportsWritesEachChangedMessageOnce() throws Exception {
        long t0 = System.currentTimeMillis() - 86_400_000L;
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(0).build())) {
            Path journal = dir.resolve("journal");
            List<String> first = new ArrayList<>();
            for (int i = 0; i < FIRST; i++) {
                first.add(line(i, "hello " + i, t0));
            }
            Files.write(dir.resolve("export-1.jsonl"), first, StandardCharsets.UTF_8);
            Process bulk = jar(zim, dir.resolve("export-1.jsonl"), journal, "bulk.log");
            assertThat(bulk.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(bulk.exitValue()).as(Files.readString(dir.resolve("bulk.log"))).isZero();

            List<String> second = new ArrayList<>(first);
            for (int i = 0; i < EDITED; i++) {
                int at = i * (FIRST / EDITED);
                second.set(at, line(at, "hello " + at + ", edited", t0));
            }
            for (int i = FIRST; i < FIRST + ADDED; i++) {
                second.add(line(i, "hello " + i, t0));
            }
            Collections.shuffle(second, new Random(14));
            Path export2 = dir.resolve("export-2.jsonl");
            Files.write(export2, second, StandardCharsets.UTF_8);

            Path rejects = journal.resolve("rejects.jsonl");
            long before = Files.size(rejects);
            Process delta = jar(zim, export2, journal, "delta.log");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (Files.size(rejects) == before && delta.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            delta.destroyForcibly();
            assertThat(delta.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String killed = Files.readString(dir.resolve("delta.log"));

            JarRun.Result rest = JarRun.run(JarRun.command("run", export2.toString(), "--endpoint",
                    zim.baseUri().toString(), "--app-id", "7", "--qps", "0", "--journal", journal.toString(),
                    "--progress", "lines"), dir.resolve("rest.log"), SECRET, Duration.ofSeconds(180));
            assertThat(rest.exit()).as(killed + rest.log()).isEqualTo(ExitCodes.REJECTED);

            Map<String, Integer> changed = new HashMap<>();
            for (String l : Files.readAllLines(rejects, StandardCharsets.UTF_8)) {
                assertThat(l).as("a whole JSON line").startsWith("{\"line\":").endsWith("}");
                if (l.contains("record.changed-since-import")) {
                    changed.merge(l.replaceAll(".*\"id\":\"(m-[0-9]+)\".*", "$1"), 1, Integer::sum);
                }
            }
            assertThat(changed).as("killed %s the delta line; each changed message named once",
                    killed.contains("delta: ") ? "after" : "before").hasSize(EDITED);
            assertThat(changed.values()).allMatch(n -> n == 1);
            for (int g = 0; g < GROUPS; g++) {
                List<String> expected = new ArrayList<>();
                for (int i = g; i < FIRST + ADDED; i += GROUPS) {
                    expected.add("hello " + i);
                }
                assertThat(zim.timeline("g:g-" + g).stream().map(StoredMessage::message).toList())
                        .as("g-%d: everything once, in order, no edit sent", g).containsExactlyElementsOf(expected);
            }
        }
    }
}
