package io.zimmigrate.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.feign.FeignTransport;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.jsonl.JsonlSource;
import io.zimmigrate.vertx.VertxTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of docs/embedding.md, compiled and run against the emulator, so the page cannot rot. */
class EmbeddingExampleTest {
    static final Path DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/embedding.md");

    // --- example: vertx ---
    static MigrationReport migrateWithVertx(Path export, Path journalDir, String endpoint, long appId,
                                            ServerSecret secret) throws InterruptedException {
        try (ZimGateway zim = ZimGatewayBuilder.over(VertxTransport.factory())
                     .endpoint(endpoint).appId(appId).secret(secret).build();
             FileJournal journal = FileJournal.open(journalDir)) {
            return Migration.builder()
                    .source(new JsonlSource(export))
                    .gateway(zim)
                    .journal(journal)
                    .clock(Clock.systemUTC())
                    .build()
                    .run();
        }
    }
    // --- end ---

    // --- example: feign ---
    static MigrationReport migrateWithFeign(Path export, Path journalDir, String endpoint, long appId,
                                            ServerSecret secret) throws InterruptedException {
        try (ZimGateway zim = ZimGatewayBuilder.over(FeignTransport.builder())
                     .endpoint(endpoint).appId(appId).secret(secret).answerDeadline(Duration.ofSeconds(15)).build();
             FileJournal journal = FileJournal.open(journalDir)) {
            return Migration.builder()
                    .source(new JsonlSource(export))
                    .gateway(zim)
                    .journal(journal)
                    .clock(Clock.systemUTC())
                    .build()
                    .run();
        }
    }
    // --- end ---

    @Test
    void bothExamplesImportAndTheDocShowsThem(@TempDir Path dir) throws Exception {
        long t = System.currentTimeMillis() - 60_000;
        Path export = dir.resolve("h.jsonl");
        Files.writeString(export, "{\"Id\":\"1\",\"GroupId\":\"g\",\"FromUserId\":\"a\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"hi\"},\"SendMessageTime\":" + t + "}\n"
                + "{\"Id\":\"2\",\"ToUserId\":\"b\",\"FromUserId\":\"a\",\"MessageType\":1,"
                + "\"MessageBody\":{\"Message\":\"hey\"},\"SendMessageTime\":" + (t + 1) + "}\n");
        ServerSecret secret = ServerSecret.of("embedding-example-secret");
        try (ZimEmulator emulator = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(9).secret(secret).build())) {
            MigrationReport v = migrateWithVertx(export, dir.resolve("j1"), emulator.baseUri().toString(), 9, secret);
            assertThat(v.imported()).isEqualTo(3);
            assertThat(emulator.timeline("g:g")).hasSize(1);
        }
        // A second ZIM: a new journal against a ZIM that already holds the history is refused (issue #12).
        try (ZimEmulator emulator = ZimEmulator.start(EmulatorConfig.builder().port(0).appId(9).secret(secret).build())) {
            MigrationReport f = migrateWithFeign(export, dir.resolve("j2"), emulator.baseUri().toString(), 9, secret);
            assertThat(f.imported()).isEqualTo(3);
            assertThat(emulator.timeline("g:g")).hasSize(1);
        }
        String doc = Files.readString(DOC);
        String source = Files.readString(Path.of("src/test/java/io/zimmigrate/cli/docs/EmbeddingExampleTest.java"));
        for (String name : new String[] {"vertx", "feign"}) {
            String start = "// --- example: " + name + " ---\n";
            int from = source.indexOf(start) + start.length();
            String example = source.substring(from, source.indexOf("    // --- end ---", from));
            assertThat(doc).as("docs/embedding.md shows the %s example exactly", name).contains(example.lines()
                    .map(l -> l.startsWith("    ") ? l.substring(4) : l).collect(java.util.stream.Collectors.joining("\n")));
        }
    }
}
