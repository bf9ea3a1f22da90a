package io.zimmigrate.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryMediaStoreTest {

    @TempDir
    Path dir;

    @Test
    void anObjectIsTheFileUnderItsKey() throws IOException {
        DirectoryMediaStore store = new DirectoryMediaStore(dir);
        assertThat(store.storedSize("ab/cat.png")).isEmpty();
        store.put("ab/cat.png", new ByteArrayInputStream("meow".getBytes(UTF_8)), OptionalLong.of(4), "image/png");
        assertThat(Files.readString(dir.resolve("ab/cat.png"))).isEqualTo("meow");
        assertThat(store.storedSize("ab/cat.png")).hasValue(4);
    }

    @Test
    void aFailedUploadLeavesNothingUnderTheKeyNorBeside() throws IOException {
        DirectoryMediaStore store = new DirectoryMediaStore(dir);
        InputStream breaks = new SequenceInputStream(new ByteArrayInputStream(new byte[100_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });
        assertThatThrownBy(() -> store.put("ab/big.bin", breaks, OptionalLong.empty(), null)).hasMessage("connection reset");
        assertThat(store.storedSize("ab/big.bin")).isEmpty();
        try (Stream<Path> left = Files.list(dir.resolve("ab"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aKeyOutsideTheDirectoryIsRefused() throws IOException {
        DirectoryMediaStore store = new DirectoryMediaStore(dir.resolve("media"));
        assertThatThrownBy(() -> store.put("../escape", new ByteArrayInputStream(new byte[1]), OptionalLong.empty(), null))
                .hasMessageContaining("inside the media directory");
        assertThat(dir.resolve("escape")).doesNotExist();
    }
}
