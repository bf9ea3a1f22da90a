package io.zimmigrate.cli.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.core.media.MediaKeys;
import io.zimmigrate.media.LoopbackFileHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaCommandTest {

    @TempDir
    Path temp;

    private final LoopbackFileHost host;

    MediaCommandTest() throws IOException {
        host = new LoopbackFileHost("xoxb-test");
        host.put("/banner.png", "png bytes".getBytes(UTF_8))
                .put("/banner-thumb.png", "thumb".getBytes(UTF_8))
                .put("/report.pdf", "pdf bytes".getBytes(UTF_8));
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private Path input() throws IOException {
        String image = "{\"Uid\":\"i1\",\"Origin\":{\"Url\":\"" + host.url("/banner.png") + "\",\"Width\":2,\"Height\":1},"
                + "\"Thumbnail\":{\"Url\":\"" + host.url("/banner-thumb.png") + "\",\"Width\":1,\"Height\":1},\"FileName\":\"banner.png\"}";
        String file = "{\"Uid\":\"f1\",\"Url\":\"" + host.url("/report.pdf") + "\",\"FileName\":\"report.pdf\"}";
        String gone = "{\"Uid\":\"f2\",\"Url\":\"" + host.url("/gone.pdf") + "\",\"FileName\":\"gone.pdf\"}";
        List<String> lines = List.of(
                "{\"Id\":\"t\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":1732000000000}",
                "{\"Id\":\"img\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":11,\"MessageBody\":{\"Message\":" + image + "},\"SendMessageTime\":1732000001000}",
                "{\"Id\":\"doc\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":12,\"MessageBody\":{\"Message\":" + file + "},\"SendMessageTime\":1732000002000}",
                "{\"Id\":\"again\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":12,\"MessageBody\":{\"Message\":" + file + "},\"SendMessageTime\":1732000003000}",
                "{\"Id\":\"lost\",\"GroupId\":\"g\",\"FromUserId\":\"u\",\"MessageType\":12,\"MessageBody\":{\"Message\":" + gone + "},\"SendMessageTime\":1732000004000}");
        return Files.write(temp.resolve("history.jsonl"), lines);
    }

    private Cli.Result media(Path in, Path store, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("media", in.toString(), "--media-to", store.toString(),
                "--media-url-base", "https://cdn.example.com/chat", "--journal", temp.resolve("journal").toString()));
        args.addAll(List.of(more));
        return new Cli().run(args.toArray(String[]::new));
    }

    @Test
    void copiesEachAttachmentOnceReportsTheLostOneAndResumesWithoutCopyingAgain() throws IOException {
        Path in = input();
        Path store = temp.resolve("media");
        Cli.Result first = media(in, store);
        assertThat(first.exit()).as(first.toString()).isEqualTo(1);
        assertThat(first.out()).contains("media: 4 attachments in 5 records", "copied:          3 (23 B)",
                "unavailable:     1");
        assertThat(first.err()).contains("unavailable: ").contains("(lost)").contains("media.unavailable").contains("HTTP 404");
        String key = MediaKeys.keyFor(host.url("/report.pdf"), "report.pdf", 500 - "https://cdn.example.com/chat/".length());
        assertThat(Files.readString(store.resolve(key))).isEqualTo("pdf bytes");
        assertThat(host.downloads("/report.pdf")).isEqualTo(1);
        assertThat(temp.resolve("journal/media-ledger.jsonl")).exists();

        Cli.Result second = media(in, store);
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.out()).contains("copied:          0 (0 B)", "already stored:  3");
        assertThat(host.totalDownloads()).isEqualTo(3);
        try (Stream<Path> files = Files.walk(store)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(3);
        }
    }

    @Test
    void keepOriginalCountsTheLinksInsteadOfRejecting() throws IOException {
        Cli.Result r = media(input(), temp.resolve("media"), "--media-unavailable", "keep-original");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("links that keep their original URL: 1");
    }

    @Test
    void usageErrorsAreOneLine() throws IOException {
        Path in = input();
        Cli.Result alone = new Cli().run("media", in.toString(), "--media-to", temp.toString());
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("--media-to and --media-url-base go together");
        Cli.Result base = new Cli().run("media", in.toString(), "--media-to", temp.toString(), "--media-url-base", "cdn.example.com");
        assertThat(base.exit()).isEqualTo(2);
        assertThat(base.err()).contains("--media-url-base: the media URL base must be an http(s) URL");
        Cli.Result bucket = new Cli().run("media", in.toString(), "--media-to", "s3://Bad_Bucket", "--media-url-base", "https://x/");
        assertThat(bucket.exit()).isEqualTo(2);
        assertThat(bucket.err()).contains("not an S3 bucket name");
    }
}
