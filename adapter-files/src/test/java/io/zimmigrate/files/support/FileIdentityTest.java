package io.zimmigrate.files.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.files.jsonl.JsonlSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentityTest {

    @TempDir
    Path dir;

    @Test
    void theSameFileKeepsItsIdentityAndAnyChangeGivesAnother() throws Exception {
        Path f = dir.resolve("h.jsonl");
        byte[] content = "x".repeat(300_000).getBytes(StandardCharsets.UTF_8);
        Files.write(f, content);
        FileTime t = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(f, t);
        String id = FileIdentity.of(f).orElseThrow();
        assertThat(FileIdentity.of(dir.resolve(".").resolve("h.jsonl"))).as("another spelling, same file").contains(id);

        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));
        assertThat(FileIdentity.of(f)).get().isNotEqualTo(id);

        content[0] = 'y'; // same size, same time, another first byte
        Files.write(f, content);
        Files.setLastModifiedTime(f, t);
        assertThat(FileIdentity.of(f)).get().isNotEqualTo(id);

        content[0] = 'x';
        content[content.length - 1] = 'y'; // another last byte
        Files.write(f, content);
        Files.setLastModifiedTime(f, t);
        assertThat(FileIdentity.of(f)).get().isNotEqualTo(id);

        content[content.length - 1] = 'x';
        Files.write(f, content);
        Files.setLastModifiedTime(f, t);
        assertThat(FileIdentity.of(f)).contains(id);

        Files.write(f, "short".getBytes(StandardCharsets.UTF_8));
        assertThat(FileIdentity.of(f)).get().isNotEqualTo(id);
        assertThat(FileIdentity.of(dir.resolve("missing.jsonl"))).isEmpty();
        assertThat(FileIdentity.of(dir)).isEmpty();
    }

    @Test
    void aJsonlSourceNamesItsLineCapInItsIdentity() throws Exception {
        Path f = dir.resolve("h.jsonl");
        Files.writeString(f, "{}\n");
        assertThat(new JsonlSource(f, "h.jsonl", 100).identity()).get()
                .isNotEqualTo(new JsonlSource(f, "h.jsonl", 200).identity().orElseThrow());
        assertThat(new JsonlSource(f, "h.jsonl", 100).identity())
                .isEqualTo(new JsonlSource(f, "./h.jsonl", 100).identity());
    }
}
