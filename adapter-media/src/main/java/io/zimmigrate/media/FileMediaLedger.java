package io.zimmigrate.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.port.MediaLedger;
import io.zimmigrate.core.port.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The copy ledger in the journal directory, {@value #FILE_NAME}: one line per stored object,
 * {@code CRC32C-HEX JSON} with key, source, size and sha256, appended and forced to disk before
 * {@link #record} returns. A line whose checksum does not match (the torn last line of a crash) is ignored: its
 * object is copied again, which is safe. The file is locked while open, so two copies cannot share it.
 */
public final class FileMediaLedger implements MediaLedger {

    public static final String FILE_NAME = "media-ledger.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, StoredObject> byKey = new ConcurrentHashMap<>();
    private int ignoredLines;

    private FileMediaLedger(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Opens (or starts) the ledger in the directory, reading what earlier passes recorded. */
    public static FileMediaLedger open(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException(file + " is in use by another copy or run");
        }
        FileMediaLedger ledger = new FileMediaLedger(file, channel, lock);
        ledger.load();
        return ledger;
    }

    private void load() throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Optional<StoredObject> parsed = parse(line);
            if (parsed.isPresent()) {
                byKey.put(parsed.get().key(), parsed.get());
            } else if (!line.isEmpty()) {
                ignoredLines++;
            }
        }
    }

    /** Lines that did not check out when the ledger was opened (0 unless a crash tore one). */
    public int ignoredLines() {
        return ignoredLines;
    }

    public int size() {
        return byKey.size();
    }

    @Override
    public Optional<StoredObject> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public void record(StoredObject stored) {
        ObjectNode node = JSON.createObjectNode()
                .put("key", stored.key())
                .put("source", stored.source())
                .put("size", stored.size());
        node.put("sha256", stored.sha256());
        String json = node.toString();
        String line = crc(json) + " " + json + "\n";
        synchronized (this) {
            try {
                ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("could not record in " + file + ": " + e.getMessage(), e);
            }
        }
        byKey.put(stored.key(), stored);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Every record was already forced; nothing is lost by a close that fails.
        }
    }

    private static Optional<StoredObject> parse(String line) {
        int space = line.indexOf(' ');
        if (space != 8) {
            return Optional.empty();
        }
        String json = line.substring(space + 1);
        if (!crc(json).equals(line.substring(0, space))) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode sha = n.get("sha256");
            return Optional.of(new StoredObject(n.get("key").textValue(), n.get("source").textValue(),
                    n.get("size").longValue(), sha == null || sha.isNull() ? null : sha.textValue()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String crc(String json) {
        CRC32C crc = new CRC32C();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
