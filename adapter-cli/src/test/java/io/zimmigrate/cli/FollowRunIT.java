package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, {@code run --follow} through the real jar against the emulator: a file written in bursts while the run
 * follows it (a partial line completed later, a late line), a SIGKILL in the middle of a burst and the same command
 * run again, that one stopped with SIGTERM (exit 3, resumable), a last run with {@code --until}: every timeline
 * holds every complete line once, in order, and the late line and a line reusing an imported Id only in the rejects
 * file; each growth is planned by its appended lines alone. The same for an unpacked
 * Slack export folder gaining day files and a channel, killed in the middle of an import and run again. A follow
 * killed with sends in flight, then grown by lines that sort before them: imported in order.
 *
 * <p>Every run has the least landing horizon {@code run} allows (connect + read timeout, 2 + 5 s): this emulator
 * applies a request as it arrives or never, so the default horizon (30 s) only made a resume wait longer before
 * sending again what a kill left in flight and did not land. {@code LateLandingRunIT} covers a server that applies
 * requests late.
 */
class FollowRunIT {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final int GROUPS = 2;

    @TempDir
    Path dir;

    private final long t0 = System.currentTimeMillis() - 86_400_000L;

    private String line(int i) {
        return "{\"Id\":\"m-" + i + "\",\"GroupId\":\"g-" + i % GROUPS + "\",\"FromUserId\":\"u-1\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"hello " + i + "\"},\"SendMessageTime\":" + (t0 + i * 1000L) + "}";
    }

    private String lines(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            s.append(line(i)).append('\n');
        }
        return s.toString();
    }

    private static String slackMessages(String channel, long fromSecond, int from, int to) {
        String[] out = new String[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = SlackFolderExport.ts(fromSecond, i) + "|" + channel + " " + i;
        }
        return String.join("\n", out);
    }

    private static List<String> texts(String channel, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(channel + " " + i);
        }
        return out;
    }

    @Test
    void aFollowedSlackFolderGainsDaysAndAChannelThroughAKillAndAStop() throws Exception {
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(0).build())) {
            Path journal = dir.resolve("journal");
            long day1 = System.currentTimeMillis() / 1000 - 3 * 86_400;
            long day2 = day1 + 86_400;
            SlackFolderExport export = new SlackFolderExport(dir.resolve("export"))
                    .channel("general", "C01GEN").channel("random", "C02RND")
                    .day("general", "2026-01-01", slackMessages("general", day1, 0, 20).split("\n"))
                    .day("random", "2026-01-01", slackMessages("random", day1, 0, 20).split("\n"));

            Process first = follow(zim, export.root(), journal, "first", "--qps", "50");
            try {
                LandedTimelines.await(zim, 40, first, dir.resolve("err-first.txt"));
                await("the wait for growth", () -> waiting(dir.resolve("err-first.txt")), first);
                // A new day of general, a new channel: 180 calls, killed in the middle.
                export.day("general", "2026-01-02", slackMessages("general", day2, 20, 170).split("\n"))
                        .day("launch", "2026-01-02", slackMessages("launch", day2, 0, 30).split("\n"))
                        .channel("launch", "C03LAUNCH");
                LandedTimelines.await(zim, 90, first, dir.resolve("err-first.txt"));
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                first.destroyForcibly();
            }
            assertThat(LandedTimelines.count(zim)).as("killed in the middle of the second import").isBetween(90L, 219L);

            Process second = follow(zim, export.root(), journal, "second", "--qps", "0");
            try {
                LandedTimelines.await(zim, 220, second, dir.resolve("err-second.txt"));
                await("the wait for growth", () -> waiting(dir.resolve("err-second.txt")), second);
                // random's day rewritten with a late message and two new ones.
                List<String> random = new ArrayList<>(List.of(slackMessages("random", day1, 0, 22).split("\n")));
                random.add(5, (day1 + 4) + ".000500|random late"); // after "random 4", earlier than ZIM's last
                export.day("random", "2026-01-01", random.toArray(String[]::new));
                LandedTimelines.await(zim, 222, second, dir.resolve("err-second.txt"));
                second.destroy(); // SIGTERM
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                second.destroyForcibly();
            }
            assertThat(second.exitValue()).as(output("second")).isEqualTo(ExitCodes.STOPPED);
            List<String> general = texts("general", 0, 20);
            general.addAll(texts("general", 20, 170));
            LandedTimelines.assertExactly(zim, java.util.Map.of("g:C01GEN", general, "g:C02RND", texts("random", 0, 22),
                    "g:C03LAUNCH", texts("launch", 0, 30)));
            assertThat(Files.readString(journal.resolve("rejects.jsonl"))).contains("C02RND/" + (day1 + 4) + ".000500")
                    .contains("time.behind-timeline");
        }
    }

    private Process follow(ZimEmulator zim, Path input, Path journal, String name, String... more) throws Exception {
        List<String> command = JarJava.command(ZimMigrateJarIT.JAR);
        command.addAll(List.of("run", input.toString(), "--follow", "--follow-poll-ms", "200",
                "--endpoint", zim.baseUri().toString(), "--app-id", "7", "--journal", journal.toString(),
                "--progress", "lines", "--connect-timeout", "2", "--read-timeout", "5", "--landing-horizon", "7"));
        command.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out-" + name + ".txt").toFile())
                .redirectError(dir.resolve("err-" + name + ".txt").toFile());
        pb.environment().put("ZIM_SERVER_SECRET", SECRET);
        return pb.start();
    }

    private String output(String name) throws Exception {
        return Files.readString(dir.resolve("out-" + name + ".txt")) + Files.readString(dir.resolve("err-" + name + ".txt"));
    }

    private static void await(String what, BooleanSupplier done, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 90 s for " + what).isLessThan(deadline);
            assertThat(p.isAlive()).as("the run ended while waiting for " + what).isTrue();
            Thread.sleep(20);
        }
    }

    private void assertExact(ZimEmulator zim, int upTo) {
        for (int g = 0; g < GROUPS; g++) {
            List<String> expected = new ArrayList<>();
            for (int i = g; i < upTo; i += GROUPS) {
                expected.add("hello " + i);
            }
            assertThat(zim.timeline("g:g-" + g).stream().map(StoredMessage::message).toList())
                    .as("g-%d: every complete line once, in order; the late one not sent", g)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aFollowedFileIsImportedBurstByBurstThroughAKillAStopAndAnEnd() throws Exception {
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(0).build())) {
            Path journal = dir.resolve("journal");
            Path input = dir.resolve("live.jsonl");
            String twenty = line(20);
            Files.writeString(input, lines(0, 20) + twenty.substring(0, 30));

            Process first = follow(zim, input, journal, "first", "--qps", "50");
            try {
                await("the first 20 lines", () -> zim.requestsReceived("ImportGroupMsg") >= 20, first);
                await("the wait for growth", () -> waiting(dir.resolve("err-first.txt")), first);
                assertExact(zim, 20);
                // Burst 2: the partial line completed, 9 more, a line earlier than what g-0 holds, and a line
                // reusing the Id of one imported in burst 1 (a duplicate: never sent).
                Files.writeString(input, twenty.substring(30) + "\n" + lines(21, 30)
                        + "{\"Id\":\"late\",\"GroupId\":\"g-0\",\"FromUserId\":\"u-1\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"late\"},\"SendMessageTime\":" + (t0 + 500) + "}\n"
                        + "{\"Id\":\"m-3\",\"GroupId\":\"g-1\",\"FromUserId\":\"u-1\",\"MessageType\":1,"
                        + "\"MessageBody\":{\"Message\":\"hello again\"},\"SendMessageTime\":" + (t0 + 29_500) + "}\n",
                        StandardOpenOption.APPEND);
                await("burst 2", () -> zim.requestsReceived("ImportGroupMsg") >= 30, first);
                await("burst 2 planned by its appended lines alone", () -> {
                    try {
                        return Files.readString(dir.resolve("err-first.txt")).contains("growth: the input only grew "
                                + "since the plan kept with this journal (20 records unchanged): planned only the ");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }, first);
                // Burst 3, killed in the middle.
                Files.writeString(input, lines(30, 180), StandardOpenOption.APPEND);
                await("the middle of burst 3", () -> zim.requestsReceived("ImportGroupMsg") >= 70, first);
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                first.destroyForcibly();
            }
            long killedAt = zim.requestsReceived("ImportGroupMsg");
            assertThat(killedAt).as("killed in the middle of burst 3").isBetween(70L, 179L);

            Process second = follow(zim, input, journal, "second", "--qps", "0");
            try {
                await("the rest of burst 3", () -> zim.requestsReceived("ImportGroupMsg") >= 180, second);
                await("the wait for growth", () -> waiting(dir.resolve("err-second.txt")), second);
                Files.writeString(input, lines(180, 190), StandardOpenOption.APPEND);
                await("burst 4", () -> zim.requestsReceived("ImportGroupMsg") >= 190, second);
                second.destroy(); // SIGTERM
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                second.destroyForcibly();
            }
            assertThat(second.exitValue()).as(output("second")).isEqualTo(ExitCodes.STOPPED);
            assertThat(Files.readString(dir.resolve("out-second.txt"))).as(output("second"))
                    .startsWith("STOPPED EARLY: interrupted (SIGTERM)");
            assertExact(zim, 190);

            Process last = follow(zim, input, journal, "last", "--qps", "0", "--until",
                    Long.toString(System.currentTimeMillis() + 1000));
            assertThat(last.waitFor(90, TimeUnit.SECONDS)).as(output("last")).isTrue();
            assertThat(last.exitValue()).as(output("last")).isEqualTo(ExitCodes.REJECTED);
            assertThat(Files.readString(dir.resolve("out-last.txt"))).contains("imported:           0");
            assertExact(zim, 190);
            assertThat(Files.readString(journal.resolve("rejects.jsonl"))).contains("\"late\"")
                    .contains("time.behind-timeline").contains("record.duplicate-id");
            assertThat(Files.readString(dir.resolve("err-second.txt"))).as("after the kill: a resume, then burst 4 "
                    + "planned alone").contains("growth: the input only grew");
        }
    }

    /**
     * Session 12: a follow killed (SIGKILL) while ZIM answers every import "busy" and stores nothing, so each group's
     * next message is in flight in the journal ("sending", never settled) and not in ZIM; then the file grows by a
     * line per group that sorts before that send, and the same command runs again. The growth reads the sends back
     * first: they did not land, so each new line is imported before its group's send, in order, and nothing is
     * rejected. Before, each new line was rejected as {@code time.behind-send-in-flight} (whatever {@code --late}
     * said) and never imported.
     */
    @Test
    void aLineAppendedBeforeASendLeftInFlightByAKillIsImportedInOrder() throws Exception {
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                .secret(ServerSecret.of(SECRET)).qps(0).build())) {
            Path journal = dir.resolve("journal");
            Path input = dir.resolve("live.jsonl");
            int count = 30;
            Files.writeString(input, lines(0, count));
            Process first = follow(zim, input, journal, "first", "--qps", "10");
            try {
                await("half the lines", () -> zim.requestsReceived("ImportGroupMsg") >= count / 2, first);
                zim.setFaults(new io.zimmigrate.emulator.Faults(1.0, 0, 0, 0, java.time.Duration.ZERO)); // nothing lands
                long busyFrom = zim.requestsReceived("ImportGroupMsg");
                await("a busy answer per group", () -> zim.requestsReceived("ImportGroupMsg") >= busyFrom + 2 * GROUPS,
                        first);
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                first.destroyForcibly();
            }
            zim.setFaults(io.zimmigrate.emulator.Faults.none());
            assertThat(Files.readString(journal.resolve("journal.log"))).as("a send left in flight").contains("[\"s\"");
            List<List<String>> expected = new ArrayList<>();
            StringBuilder grown = new StringBuilder();
            for (int g = 0; g < GROUPS; g++) {
                List<String> held = zim.timeline("g:g-" + g).stream().map(StoredMessage::message).toList();
                List<String> all = new ArrayList<>(held);
                int next = g + GROUPS * held.size(); // the group's first line ZIM lacks: its send in flight
                assertThat(next).as("killed in the middle").isLessThan(count);
                all.add("before " + g);
                for (int i = next; i < count; i += GROUPS) {
                    all.add("hello " + i);
                }
                expected.add(all);
                grown.append("{\"Id\":\"before-").append(g).append("\",\"GroupId\":\"g-").append(g)
                        .append("\",\"FromUserId\":\"u-2\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"before ")
                        .append(g).append("\"},\"SendMessageTime\":").append(t0 + next * 1000L - 500).append("}\n");
            }
            Files.writeString(input, grown.toString(), StandardOpenOption.APPEND);

            Process second = follow(zim, input, journal, "second", "--qps", "0", "--until",
                    Long.toString(System.currentTimeMillis() + 1000));
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).as(output("second")).isTrue();
            assertThat(second.exitValue()).as(output("second")).isEqualTo(ExitCodes.OK);
            assertThat(output("second")).contains("growth: the input only grew");
            for (int g = 0; g < GROUPS; g++) {
                assertThat(zim.timeline("g:g-" + g).stream().map(StoredMessage::message).toList())
                        .as("g-%d: what landed, the new line, then the send that was in flight and the rest, once", g)
                        .containsExactlyElementsOf(expected.get(g));
            }
            assertThat(Files.exists(journal.resolve("rejects.jsonl"))
                    ? Files.readString(journal.resolve("rejects.jsonl")) : "").doesNotContain("behind-send-in-flight");
        }
    }

    private static boolean waiting(Path err) {
        try {
            return Files.readString(err).contains("follow: ") && Files.readString(err).contains("waiting for");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
