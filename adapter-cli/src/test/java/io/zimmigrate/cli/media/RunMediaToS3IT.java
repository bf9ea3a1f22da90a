package io.zimmigrate.cli.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.JarJava;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.media.LoopbackFileHost;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: {@code run --media-to s3://BUCKET/PREFIX} through the real jar, into a real S3 API (S3Proxy in this
 * JVM, on a loopback ephemeral port). The endpoint, region, path style and credentials reach the jar only through
 * the AWS SDK's environment variables, never as arguments; the emulator must receive only relocated URLs, each
 * naming an object in the bucket with the original's bytes, and the credential must appear in no output.
 */
class RunMediaToS3IT {
    private static final Path JAR = Path.of("").toAbsolutePath().resolve("target/zim-migrate.jar");
    private static final String SECRET = "media-s3-secret-0a1b2c3d4e5f6a7b";
    private static final String IDENTITY = "it-identity";
    private static final String CREDENTIAL = "it-credential-5f2c9a";
    private static final String BUCKET = "chat-media";
    private static final String PREFIX = "slack";
    private static final String BASE = "https://media.example.com/slack/";
    private static final int FILES = 6;

    @TempDir
    Path dir;

    @Test
    void zimReceivesOnlyUrlsOfObjectsInTheBucketAndTheCredentialStaysInTheEnvironment() throws Exception {
        BlobStoreContext blobs = ContextBuilder.newBuilder("transient").credentials(IDENTITY, CREDENTIAL)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL).build();
        try (LoopbackFileHost host = new LoopbackFileHost("unused");
             ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(7)
                     .secret(ServerSecret.of(SECRET)).qps(0).build())) {
            BlobStore store = blobs.getBlobStore();
            store.createContainerInLocation(null, BUCKET);
            proxy.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            Path input = history(host);

            List<String> command = new ArrayList<>(JarJava.command(JAR));
            command.addAll(List.of("run", input.toString(), "--endpoint", zim.baseUri().toString(), "--app-id", "7",
                    "--qps", "0", "--journal", dir.resolve("journal").toString(), "--progress", "lines",
                    "--media-to", "s3://" + BUCKET + "/" + PREFIX, "--media-url-base", BASE));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("run.log").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
            pb.environment().putAll(Map.of("ZIM_SERVER_SECRET", SECRET, "HOME", dir.toString(),
                    "AWS_ACCESS_KEY_ID", IDENTITY, "AWS_SECRET_ACCESS_KEY", CREDENTIAL, "AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL", "http://127.0.0.1:" + proxy.getPort(), "AWS_S3_FORCE_PATH_STYLE", "true"));
            Process run = pb.start();
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("the run ends").isTrue();
            String log = Files.readString(dir.resolve("run.log"));
            assertThat(run.exitValue()).as(log).isZero();
            assertThat(log).contains("copied:          " + FILES).doesNotContain(CREDENTIAL);

            int urls = 0;
            for (String key : zim.timelineKeys()) {
                for (StoredMessage m : zim.timeline(key)) {
                    assertThat(m.message()).as(m.msgId()).doesNotContain("127.0.0.1").contains(BASE);
                    Matcher url = Pattern.compile("\"(https?://[^\"]+)\"").matcher(m.message());
                    while (url.find()) {
                        String object = PREFIX + "/" + url.group(1).substring(BASE.length());
                        assertThat(store.blobExists(BUCKET, object)).as(object).isTrue();
                        String name = object.substring(object.lastIndexOf('/') + 1);
                        try (var in = store.getBlob(BUCKET, object).getPayload().openStream()) {
                            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(content(name));
                        }
                        urls++;
                    }
                }
            }
            assertThat(urls).isEqualTo(FILES);
        } finally {
            proxy.stop();
            blobs.close();
        }
    }

    private Path history(LoopbackFileHost host) throws java.io.IOException {
        long t0 = System.currentTimeMillis() / 1000 * 1000 - 86_400_000L;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            String name = "f" + i + ".pdf";
            host.put("/" + name, content(name).getBytes(StandardCharsets.UTF_8));
            String file = "{\"Uid\":\"u" + i + "\",\"Url\":\"" + host.url("/" + name) + "\",\"FileName\":\"" + name + "\"}";
            lines.add("{\"Id\":\"m" + i + "\",\"GroupId\":\"g-" + (i % 2) + "\",\"FromUserId\":\"u-1\",\"MessageType\":12,"
                    + "\"MessageBody\":{\"Message\":" + file + "},\"SendMessageTime\":" + (t0 + i * 1000L) + "}");
        }
        return Files.write(dir.resolve("history.jsonl"), lines);
    }

    private static String content(String name) {
        return ("bytes of " + name + "\n").repeat(100);
    }
}
