package io.zimmigrate.cli.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.media.LoopbackFileHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --media-to}: a local file host, a real emulator on loopback, a directory store. ZIM receives only
 * relocated URLs, each only once its object is stored; a lost original is a rejection (or keeps its URL).
 */
class RunWithMediaTest {
    private static final String SECRET = "media-run-secret-0a1b2c3d4e5f6a7b";
    private static final String BASE = "https://cdn.example.com/chat/";

    @TempDir
    Path temp;

    private final LoopbackFileHost host;
    private final ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
            .secret(ServerSecret.of(SECRET)).seed(3).build());

    RunWithMediaTest() throws IOException {
        host = new LoopbackFileHost("xoxb-test");
        host.put("/banner.png", "png bytes".getBytes(UTF_8))
                .put("/banner-thumb.png", "thumb".getBytes(UTF_8))
                .put("/report.pdf", "pdf bytes".getBytes(UTF_8));
        host.failNext("/report.pdf", 1); // its messages wait (retried after 1 s) while the others go on
    }

    @AfterEach
    void stop() {
        host.close();
        zim.close();
    }

    private Path input() throws IOException {
        String image = "{\"Uid\":\"i1\",\"Origin\":{\"Url\":\"" + host.url("/banner.png") + "\",\"Width\":2,\"Height\":1},"
                + "\"Thumbnail\":{\"Url\":\"" + host.url("/banner-thumb.png") + "\",\"Width\":1,\"Height\":1},\"FileName\":\"banner.png\"}";
        String file = "{\"Uid\":\"f1\",\"Url\":\"" + host.url("/report.pdf") + "\",\"FileName\":\"report.pdf\"}";
        String gone = "{\"Uid\":\"f2\",\"Url\":\"" + host.url("/gone.pdf") + "\",\"FileName\":\"gone.pdf\"}";
        final long DAY_AGO = System.currentTimeMillis() / 1000 * 1000 - 86_400_000L;
        List<String> lines = List.of(
                "{\"Id\":\"doc\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":12,\"MessageBody\":{\"Message\":" + file + "},\"SendMessageTime\":" + DAY_AGO + "}",
                "{\"Id\":\"t\",\"GroupId\":\"h\",\"FromUserId\":\"u\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":" + (DAY_AGO + 1000) + "}",
                "{\"Id\":\"img\",\"GroupId\":\"h\",\"FromUserId\":\"u\",\"MessageType\":11,\"MessageBody\":{\"Message\":" + image + "},\"SendMessageTime\":" + (DAY_AGO + 2000) + "}",
                "{\"Id\":\"again\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":12,\"MessageBody\":{\"Message\":" + file + "},\"SendMessageTime\":" + (DAY_AGO + 3000) + "}",
                "{\"Id\":\"lost\",\"GroupId\":\"h\",\"FromUserId\":\"u\",\"MessageType\":12,\"MessageBody\":{\"Message\":" + gone + "},\"SendMessageTime\":" + (DAY_AGO + 4000) + "}");
        return Files.write(temp.resolve("history.jsonl"), lines);
    }

    private Cli.Result run(Path in, String... more) {
        List<String> args = new ArrayList<>(List.of("run", in.toString(), "--endpoint", zim.baseUri().toString(),
                "--app-id", "7", "--qps", "0", "--media-to", temp.resolve("media").toString(), "--media-url-base", BASE,
                "--journal", temp.resolve("journal").toString(), "--progress", "lines"));
        args.addAll(List.of(more));
        return new Cli().systemClock().env(Map.of("ZIM_SERVER_SECRET", SECRET, "HOME", temp.toString()))
                .run(args.toArray(String[]::new));
    }

    private List<StoredMessage> landed() {
        List<StoredMessage> all = new ArrayList<>();
        zim.timelineKeys().forEach(k -> all.addAll(zim.timeline(k)));
        return all;
    }

    @Test
    void zimReceivesOnlyRelocatedUrlsOfStoredObjectsAndTheLostOneIsRejected() throws IOException {
        Path in = input();
        Cli.Result first = run(in);
        assertThat(first.exit()).as(first.toString()).isEqualTo(1);
        assertThat(first.all()).contains("media.unavailable").contains("HTTP 404");
        assertThat(first.out()).contains("media: 4 attachments", "copied:          3 (23 B)", "unavailable:     1");

        List<StoredMessage> landed = landed();
        assertThat(landed).hasSize(4).noneMatch(m -> m.message().contains("gone.pdf"));
        for (StoredMessage m : landed) {
            assertThat(m.message()).as(m.msgId()).doesNotContain("127.0.0.1").doesNotContain("localhost");
            if (m.messageType() != 1) {
                assertThat(m.message()).as(m.msgId()).contains(BASE);
                // every URL ZIM holds names an object that is in the store
                for (String url : urls(m.message())) {
                    assertThat(temp.resolve("media").resolve(url.substring(BASE.length()))).as(url).exists();
                }
            }
        }
        assertThat(host.downloads("/report.pdf")).isEqualTo(1);

        long downloads = host.totalDownloads();
        Cli.Result second = run(in);
        assertThat(second.out()).as(second.toString()).contains("copied:          0 (0 B)", "already stored:  3");
        assertThat(host.totalDownloads()).isEqualTo(downloads);
        assertThat(landed()).hasSize(4);
        try (Stream<Path> files = Files.walk(temp.resolve("media"))) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))).hasSize(3);
        }
    }

    @Test
    void keepOriginalSendsTheLostLinkAsItWasAndCountsIt() throws IOException {
        Cli.Result r = run(input(), "--media-unavailable", "keep-original");
        assertThat(r.exit()).as(r.toString()).isEqualTo(0);
        assertThat(r.out()).contains("links that keep their original URL: 1");
        StoredMessage lost = landed().stream().filter(m -> m.message().contains("gone.pdf")).findFirst().orElseThrow();
        assertThat(lost.message()).contains(host.url("/gone.pdf")).doesNotContain(BASE);
    }

    @Test
    void aRehearsalRelocatesIntoADirectoryWithoutAnyAccount() throws IOException {
        Cli.Result r = new Cli().systemClock().env(Map.of("HOME", temp.toString())).run("run",
                input().toString(), "--media-to", temp.resolve("rehearsal-media").toString(), "--media-url-base", BASE,
                "--progress", "lines");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("copied:          3 (23 B)", "unavailable:     1");
        // the default ledger is the one `media` uses too: per store and input, under the state directory
        try (Stream<Path> ledgers = Files.walk(temp.resolve(".local/state/zim-migrate/media"))) {
            assertThat(ledgers.filter(p -> p.getFileName().toString().equals("media-ledger.jsonl"))).hasSize(1);
        }
    }

    private static List<String> urls(String body) {
        List<String> urls = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(https?://[^\"]+)\"").matcher(body);
        while (m.find()) {
            urls.add(m.group(1));
        }
        return urls;
    }
}
