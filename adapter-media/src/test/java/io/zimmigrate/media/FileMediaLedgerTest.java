package io.zimmigrate.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.port.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMediaLedgerTest {

    @TempDir
    Path dir;

    @Test
    void whatIsRecordedIsFoundAfterReopening() throws IOException {
        StoredObject a = new StoredObject("k/a", "https://old/a b\n\"c\"", 12, "ff00");
        StoredObject b = new StoredObject("k/b", "/data/b", 3, null);
        try (FileMediaLedger ledger = FileMediaLedger.open(dir)) {
            ledger.record(a);
            ledger.record(b);
        }
        try (FileMediaLedger ledger = FileMediaLedger.open(dir)) {
            assertThat(ledger.find("k/a")).contains(a);
            assertThat(ledger.find("k/b")).contains(b);
            assertThat(ledger.find("k/c")).isEmpty();
        }
    }

    @Test
    void aTornLastLineIsIgnoredAndItsObjectCopiedAgain() throws IOException {
        try (FileMediaLedger ledger = FileMediaLedger.open(dir)) {
            ledger.record(new StoredObject("k/a", "s", 1, "aa"));
            ledger.record(new StoredObject("k/b", "s2", 1, "bb"));
        }
        Path file = dir.resolve(FileMediaLedger.FILE_NAME);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 10));
        Files.writeString(file, "garbage\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (FileMediaLedger ledger = FileMediaLedger.open(dir)) {
            assertThat(ledger.find("k/a")).isPresent();
            assertThat(ledger.find("k/b")).isEmpty();
            assertThat(ledger.ignoredLines()).isEqualTo(1);
        }
    }

    @Test
    void twoCopiesCannotShareALedger() throws IOException {
        try (FileMediaLedger ledger = FileMediaLedger.open(dir)) {
            assertThatThrownBy(() -> FileMediaLedger.open(dir)).hasMessageContaining("in use");
        }
    }
}
