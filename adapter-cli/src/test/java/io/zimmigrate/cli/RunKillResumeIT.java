package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.Faults;
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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4's bar, end to end with the real jar and a real emulator: faults on (10% busy, 5% lost answers),
 * {@code zim-migrate run} killed with SIGKILL mid-run, then the same command again; every timeline must hold
 * exactly its messages, once, in order. With both transports.
 */
class RunKillResumeIT {
    private static final String SECRET = "it-secret-0123456789abcdef";

    @ParameterizedTest
    @ValueSource(strings = {"vertx", "feign"})
    void killedAndResumedRunLeavesEveryTimelineExact(String transport, @TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis();
        Map<String, List<String>> expected = new HashMap<>();
        Path input = dir.resolve("history.jsonl");
        writeHistory(input, now - 86_400_000L, expected);

        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7).secret(ServerSecret.of(SECRET))
                .qps(20).faults(new Faults(0.10, 0, 0.05, 0, Duration.ZERO)).seed(42).build())) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    ZimMigrateJarIT.JAR.toString(), "run", input.toString(), "--endpoint", zim.baseUri().toString(),
                    "--app-id", "7", "--transport", transport, "--journal", dir.resolve("journal").toString(),
                    "--read-timeout", "2", "--progress", "lines");
            Process first = start(command, dir.resolve("first.log"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (imported(zim) < 40 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no last journal write
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long atKill = imported(zim);
            assertThat(atKill).as("killed mid-run").isBetween(1L, 239L);

            Process second = start(command, dir.resolve("second.log"));
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("resumed run finished").isTrue();
            String log = Files.readString(dir.resolve("second.log"));
            assertThat(second.exitValue()).as(log).isZero();
            assertThat(log).containsPattern("already done: +[1-9]");

            for (Map.Entry<String, List<String>> e : expected.entrySet()) {
                List<String> landed = zim.timeline(e.getKey()).stream().map(StoredMessage::message).toList();
                assertThat(landed).as("timeline %s", e.getKey()).containsExactlyElementsOf(e.getValue());
            }
            assertThat(expected.keySet()).containsAll(zim.timelineKeys());
        }
    }

    private static long imported(ZimEmulator zim) {
        return zim.timelineKeys().stream().mapToLong(k -> zim.timeline(k).size()).sum();
    }

    private static Process start(List<String> command, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ZIM_SERVER_SECRET", SECRET);
        return pb.start();
    }

    /** 120 messages: 4 groups and 3 one-to-one pairs (two views each, some hidden), many equal timestamps. */
    private static void writeHistory(Path file, long base, Map<String, List<String>> expected) throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder out = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            long t = base + r.nextInt(40) * 1000L;
            String body = "msg-" + i;
            if (r.nextBoolean()) {
                String g = "g" + r.nextInt(4);
                out.append(String.format("{\"Id\":\"m%d\",\"GroupId\":\"%s\",\"FromUserId\":\"u%d\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"%s\"},\"SendMessageTime\":%d}%n", i, g, r.nextInt(5), body, t));
                rows.add(new String[] {Long.toString(t), Integer.toString(i), new Timeline.GroupTimeline(new GroupId(g)).key(), body});
            } else {
                int a = r.nextInt(3);
                String from = "u" + a;
                String to = "u" + (a + 1);
                boolean hideTo = r.nextInt(6) == 0;
                out.append(String.format("{\"Id\":\"m%d\",\"ToUserId\":\"%s\",\"FromUserId\":\"%s\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"%s\"},\"SendMessageTime\":%d%s}%n", i, to, from, body, t,
                        hideTo ? ",\"HiddenFor\":[\"" + to + "\"]" : ""));
                rows.add(new String[] {Long.toString(t), Integer.toString(i),
                        new Timeline.PeerTimeline(new UserId(from), new UserId(to)).key(), body});
                if (!hideTo) {
                    rows.add(new String[] {Long.toString(t), Integer.toString(i),
                            new Timeline.PeerTimeline(new UserId(to), new UserId(from)).key(), body});
                }
            }
        }
        rows.sort((x, y) -> x[0].equals(y[0]) ? Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]))
                : Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0])));
        for (String[] row : rows) {
            expected.computeIfAbsent(row[2], k -> new ArrayList<>()).add(row[3]);
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }
}
