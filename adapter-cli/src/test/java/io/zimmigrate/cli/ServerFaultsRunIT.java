package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.emulator.contract.SkewableClock;
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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7's server faults through the real jar ({@code zim-migrate run} as a separate process) against a real
 * emulator: the server stopped mid-run and restarted on the same port with its store, for a moment (the run rides it
 * out) and for longer than {@code --give-up-after} (exit 3, then the same command resumes); the clocks more than
 * ZIM's ten minutes apart (exit 3 naming the clock, resumed once the clock is right). Every test ends with every
 * timeline exactly as expected: nothing lost, nothing twice, in order. The engine-level versions, with both transports and with answers slower than the read timeout, are
 * {@code ServerFaultsContract} (emulator test-jar), run by the Feign and Vert.x modules.
 */
class ServerFaultsRunIT {
    private static final String SECRET = "faults-it-secret-7c1d9e0f2a3b4c5d";

    /**
     * One run meets two outages: a short one (ridden out: the process keeps going and imports more), then one longer
     * than {@code --give-up-after} (exit 3). The same command then resumes and finishes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vertx", "feign"})
    void aServerGoneBrieflyIsRiddenOutAndGoneLongerStopsWithExit3ThenTheSameCommandResumes(String transport,
                                                                                          @TempDir Path dir)
            throws Exception {
        Map<String, List<String>> expected = writeHistory(dir.resolve("history.jsonl"), 50, 21);
        long calls = expected.values().stream().mapToLong(List::size).sum();
        try (ZimEmulator zim = emulator(c -> c.answerDelay(Duration.ofMillis(40)))) {
            List<String> command = command(zim, dir, transport, "--give-up-after", "8");
            Process first = start(command, dir.resolve("first.log"));
            awaitLanded(zim, 10, first, dir.resolve("first.log"));

            zim.stopListening(); // connections refused; answers in flight dropped (their imports' fate unknown)
            Thread.sleep(1_000);
            zim.startListening();
            awaitLanded(zim, 30, first, dir.resolve("first.log")); // the same process goes on after the short outage
            assertThat(landed(zim)).isLessThan(calls);

            zim.stopListening(); // and now for longer than --give-up-after
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("gave up").isTrue();
            String log = Files.readString(dir.resolve("first.log"));
            assertThat(first.exitValue()).as(log).isEqualTo(3);
            assertThat(log).containsPattern("retries: [1-9]").contains("STOPPED EARLY").contains("no ZIM answer")
                    .contains("run the same command again").doesNotContain(SECRET);

            zim.startListening();
            Process second = start(command, dir.resolve("second.log"));
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("resumed run finished").isTrue();
            String resumed = Files.readString(dir.resolve("second.log"));
            assertThat(second.exitValue()).as(resumed).isZero();
            assertThat(resumed).containsPattern("already done: +[1-9]");
            assertLandedExactly(zim, expected);
        }
    }

    @Test
    void aClockOffByMoreThanZimsToleranceStopsNamingTheClockAndResumesOnceItIsRight(@TempDir Path dir) throws Exception {
        Map<String, List<String>> expected = writeHistory(dir.resolve("history.jsonl"), 30, 23);
        SkewableClock zimTime = new SkewableClock();
        try (ZimEmulator zim = emulator(c -> c.clock(zimTime).answerDelay(Duration.ofMillis(20)))) {
            List<String> command = command(zim, dir, "vertx", "--give-up-after", "3");
            Process first = start(command, dir.resolve("first.log"));
            awaitLanded(zim, 8, first, dir.resolve("first.log"));
            zimTime.skew(Duration.ofMinutes(11)); // this machine is now 11 minutes behind ZIM

            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
            String log = Files.readString(dir.resolve("first.log"));
            assertThat(first.exitValue()).as(log).isEqualTo(3);
            assertThat(log).contains("STOPPED EARLY").contains("100000004").contains("clock").contains("10 minutes")
                    .doesNotContain(SECRET);

            zimTime.skew(Duration.ZERO);
            Process second = start(command, dir.resolve("second.log"));
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("resumed run finished").isTrue();
            String resumed = Files.readString(dir.resolve("second.log"));
            assertThat(second.exitValue()).as(resumed).isZero();
            assertLandedExactly(zim, expected);
        }
    }

    private static ZimEmulator emulator(UnaryOperator<EmulatorConfig.Builder> tweak) {
        return ZimEmulator.start(tweak.apply(EmulatorConfig.builder().port(0).appId(7).secret(ServerSecret.of(SECRET))
                .qps(20).seed(3)).build());
    }

    private static List<String> command(ZimEmulator zim, Path dir, String transport, String... more) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ZimMigrateJarIT.JAR.toString(), "run", dir.resolve("history.jsonl").toString(),
                "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--transport", transport,
                "--journal", dir.resolve("journal").toString(), "--connect-timeout", "2", "--progress", "lines"));
        command.addAll(List.of(more));
        if (!command.contains("--read-timeout")) {
            command.addAll(List.of("--read-timeout", "5")); // limits well above a busy box's stalls: the faults here are the test's, not the machine's
        }
        return command;
    }

    private static Process start(List<String> command, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ZIM_SERVER_SECRET", SECRET);
        return pb.start();
    }

    private static long landed(ZimEmulator zim) {
        return zim.timelineKeys().stream().mapToLong(k -> zim.timeline(k).size()).sum();
    }

    private static String runState(Process run, Path log) {
        if (run.isAlive()) {
            return "is still running";
        }
        try {
            return "exited " + run.exitValue() + ", printing:\n" + Files.readString(log);
        } catch (java.io.IOException e) {
            return "exited " + run.exitValue() + " (its log is unreadable: " + e.getMessage() + ")";
        }
    }

    private static void awaitLanded(ZimEmulator zim, long atLeast, Process run, Path log) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000; // a busy 2-core box starts a JVM slowly
        while (landed(zim) < atLeast && run.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        // On failure, say what the process printed: a run that died early explains itself in its log.
        assertThat(landed(zim)).as("landed before the fault; the run %s", runState(run, log))
                .isGreaterThanOrEqualTo(atLeast);
        assertThat(run.isAlive()).as("still running when the fault starts; the run %s", runState(run, log)).isTrue();
    }

    private static void assertLandedExactly(ZimEmulator zim, Map<String, List<String>> expected) {
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertThat(zim.timeline(e.getKey()).stream().map(StoredMessage::message).toList())
                    .as("timeline %s", e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        assertThat(expected.keySet()).containsAll(zim.timelineKeys());
    }

    /**
     * {@code messages} JSONL records a day old over 3 groups and 2 one-to-one pairs (each message in both views),
     * times out of order with many ties; returns each timeline's bodies in (send time, line) order.
     */
    private static Map<String, List<String>> writeHistory(Path file, int messages, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        long base = System.currentTimeMillis() - 86_400_000L;
        record Row(long time, int line, String timeline, String body) {}
        List<Row> rows = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < messages; i++) {
            long t = base + r.nextInt(30) * 1000L;
            String body = "msg-" + i + "-" + Integer.toHexString(r.nextInt());
            String from = "u" + r.nextInt(4);
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
