package io.zimmigrate.cli.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.JarJava;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.media.LoopbackFileHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, end to end with the real jar: {@code run --media-to DIR} against the emulator and a slow local file
 * host, killed with SIGKILL while attachments are being copied, then run again with the same command. Every
 * message must be in ZIM once and in order, every URL ZIM holds must be relocated and name an object in DIR, and
 * nothing that was in DIR at the kill may be downloaded again.
 */
class RunMediaKillResumeIT {
    private static final Path JAR = Path.of("").toAbsolutePath().resolve("target/zim-migrate.jar");
    private static final String SECRET = "media-kill-secret-0a1b2c3d4e5f6a7b";
    private static final String BASE = "https://cdn.example.com/chat/";
    private static final int MESSAGES = 80;
    private static final int GROUPS = 4;
    private static final int KILL_AFTER_DOWNLOADS = 20;
    private static final Pattern FILE = Pattern.compile("m\\d{4}\\.bin");

    @TempDir
    Path dir;

    @Test
    void killedWhileCopyingAndResumedEveryMessageOnceInOrderAndNothingStoredIsFetchedAgain() throws Exception {
        try (LoopbackFileHost host = new LoopbackFileHost("unused");
             ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                     .secret(ServerSecret.of(SECRET)).qps(50).build())) {
            host.delayEachAnswer(Duration.ofMillis(40)); // copies take a while, so the kill lands among them
            Path input = history(host);
            Path media = dir.resolve("media");

            Process first = run(zim, input, "first");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (host.totalDownloads() < KILL_AFTER_DOWNLOADS && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(first.isAlive()).as("still copying at the kill: %s", log("first")).isTrue();
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no last ledger write
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

            Set<String> storedAtKill = objects(media);
            assertThat(storedAtKill).as("the kill left copies done and copies to do")
                    .hasSizeBetween(1, MESSAGES - 1);
            everyUrlIsRelocatedAndStored(zim, media); // a kill leaves no message pointing at a missing object

            Process again = run(zim, input, "again");
            assertThat(again.waitFor(120, TimeUnit.SECONDS)).as("the resumed run ends").isTrue();
            assertThat(again.exitValue()).as(log("again")).isZero();

            for (int g = 0; g < GROUPS; g++) {
                List<String> expected = new ArrayList<>();
                for (int i = g; i < MESSAGES; i += GROUPS) {
                    expected.add(name(i));
                }
                assertThat(zim.timeline("g:g-" + g).stream().map(m -> fileOf(m.message())).toList())
                        .as("g-%d: every message once, in order", g).containsExactlyElementsOf(expected);
            }
            everyUrlIsRelocatedAndStored(zim, media);
            assertThat(objects(media)).hasSize(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                int downloads = host.downloads("/f/" + name(i));
                if (storedAtKill.contains(name(i))) {
                    assertThat(downloads).as("%s was stored before the kill", name(i)).isEqualTo(1);
                } else {
                    // at most once more: one whose download finished but whose object was not yet in DIR
                    assertThat(downloads).as(name(i)).isBetween(1, 2);
                }
            }
        }
    }

    private Path history(LoopbackFileHost host) throws IOException {
        long t0 = System.currentTimeMillis() / 1000 * 1000 - 86_400_000L;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            host.put("/f/" + name(i), (name(i) + " ").repeat(2000).getBytes(StandardCharsets.UTF_8));
            String file = "{\"Uid\":\"u" + i + "\",\"Url\":\"" + host.url("/f/" + name(i)) + "\",\"FileName\":\"" + name(i) + "\"}";
            lines.add("{\"Id\":\"m" + i + "\",\"GroupId\":\"g-" + (i % GROUPS) + "\",\"FromUserId\":\"u-" + (i % 3)
                    + "\",\"MessageType\":12,\"MessageBody\":{\"Message\":" + file + "},\"SendMessageTime\":" + (t0 + i * 1000L) + "}");
        }
        return Files.write(dir.resolve("history.jsonl"), lines);
    }

    private Process run(ZimEmulator zim, Path input, String name) throws IOException {
        List<String> command = new ArrayList<>(JarJava.command(JAR));
        command.addAll(List.of("run", input.toString(), "--endpoint", zim.baseUri().toString(), "--app-id", "7",
                "--qps", "50", "--journal", dir.resolve("journal").toString(), "--progress", "lines",
                "--media-to", dir.resolve("media").toString(), "--media-url-base", BASE));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("ZIM_SERVER_SECRET", SECRET); // never on the command line
        pb.environment().put("HOME", dir.toString());
        return pb.start();
    }

    private String log(String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private static void everyUrlIsRelocatedAndStored(ZimEmulator zim, Path media) {
        for (String key : zim.timelineKeys()) {
            for (StoredMessage m : zim.timeline(key)) {
                assertThat(m.message()).as(m.msgId()).doesNotContain("127.0.0.1").contains(BASE);
                Matcher url = Pattern.compile("\"(https?://[^\"]+)\"").matcher(m.message());
                while (url.find()) {
                    assertThat(media.resolve(url.group(1).substring(BASE.length()))).as(url.group(1)).isRegularFile();
                }
            }
        }
    }

    /** The objects in DIR (temporary .part files aside), by file name. */
    private static Set<String> objects(Path media) throws IOException {
        if (!Files.exists(media)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(media)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    private static String name(int i) {
        return String.format("m%04d.bin", i);
    }

    private static String fileOf(String body) {
        Matcher m = FILE.matcher(body);
        return m.find() ? m.group() : body;
    }
}
