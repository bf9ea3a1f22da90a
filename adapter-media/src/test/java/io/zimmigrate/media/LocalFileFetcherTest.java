package io.zimmigrate.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.port.MediaFetcher;
import io.zimmigrate.core.port.MediaUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileFetcherTest {

    @TempDir
    Path dir;

    private static String read(MediaFetcher f, String source) throws IOException {
        try (MediaFetcher.Original o = f.open(source)) {
            return new String(o.content().readAllBytes(), UTF_8) + "/" + o.size().orElse(-1);
        }
    }

    @Test
    void readsPathsFileUrisAndEntriesOfAZipExport() throws IOException {
        Path file = Files.writeString(dir.resolve("a b.txt"), "local");
        Path zip = dir.resolve("export.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("data/x.png"));
            z.write("zipped".getBytes(UTF_8));
            z.closeEntry();
        }
        try (LocalFileFetcher fetcher = new LocalFileFetcher()) {
            assertThat(read(fetcher, file.toString())).isEqualTo("local/5");
            assertThat(read(fetcher, file.toUri().toString())).isEqualTo("local/5");
            assertThat(read(fetcher, "jar:" + zip.toUri() + "!/data/x.png")).isEqualTo("zipped/6");
            assertThat(fetcher.handles("https://x")).isFalse();
            assertThatThrownBy(() -> fetcher.open("jar:" + zip.toUri() + "!/data/missing.png"))
                    .isInstanceOf(MediaUnavailableException.class).hasMessage("no entry data/missing.png in export.zip");
            assertThatThrownBy(() -> fetcher.open(dir.resolve("gone.txt").toString()))
                    .isInstanceOf(MediaUnavailableException.class).hasMessage("no such file");
        }
    }
}
