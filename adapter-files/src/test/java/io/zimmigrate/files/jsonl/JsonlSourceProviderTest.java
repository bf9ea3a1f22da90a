package io.zimmigrate.files.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.MessageSourceProvider;
import io.zimmigrate.core.port.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlSourceProviderTest {
    @TempDir
    Path dir;

    private final JsonlSourceProvider provider = new JsonlSourceProvider();

    @Test
    void isFoundByServiceLoaderAsJsonl() {
        assertThat(ServiceLoader.load(MessageSourceProvider.class).stream().map(ServiceLoader.Provider::get)
                .map(MessageSourceProvider::formatName)).contains("jsonl");
    }

    @Test
    void recognisesJsonLinesFileNames() {
        assertThat(provider.recognises("a/history.jsonl")).isTrue();
        assertThat(provider.recognises("EXPORT.NDJSON")).isTrue();
        assertThat(provider.recognises("history.json")).isFalse();
        assertThat(provider.recognises("history.csv")).isFalse();
    }

    @Test
    void opensAFileAndTakesTheLineCapOption() throws IOException {
        Path p = dir.resolve("h.jsonl");
        Files.writeString(p, JsonlSourceTest.good("a") + "\n" + JsonlSourceTest.good("bbbbbbbbbb") + "\n");
        MessageSource s = provider.open(p.toString(), Map.of());
        assertThat(s.name()).isEqualTo(p.toString());
        assertThat(JsonlSourceTest.read(s)).containsExactly("1:a", "2:bbbbbbbbbb");
        int cap = JsonlSourceTest.good("a").length();
        assertThat(JsonlSourceTest.read(provider.open(p.toString(), Map.of("max-line-bytes", "" + cap))))
                .containsExactly("1:a", "2:" + CanonicalRecords.RULE_TOO_LONG);
    }

    @Test
    void refusesWhatItCannotReadBeforeReading() {
        assertThatThrownBy(() -> provider.open(dir.resolve("missing.jsonl").toString(), Map.of()))
                .isInstanceOf(SourceException.class).hasMessageEndingWith("missing.jsonl: no such file");
        assertThatThrownBy(() -> provider.open(dir.toString(), Map.of()))
                .isInstanceOf(SourceException.class).hasMessageEndingWith("is a directory, not a file");
        assertThatThrownBy(() -> provider.open("x.jsonl", Map.of("colour", "red")))
                .isInstanceOf(SourceException.class).hasMessageContaining("no option 'colour'");
        assertThatThrownBy(() -> provider.open("x.jsonl", Map.of("max-line-bytes", "-1")))
                .isInstanceOf(SourceException.class).hasMessageContaining("positive");
    }
}
