package io.zimmigrate.media;

import io.zimmigrate.core.port.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A store in a local directory that a web server or CDN publishes: the object {@code KEY} is the file
 * {@code DIR/KEY}. Atomic: bytes go to a temporary name beside the target, are forced to disk, and only then
 * renamed into place, so a crash never leaves a partial file under a key. Temporary names start with {@code .}
 * and end in {@code .part}; a crash can leave one behind, which a later copy of the same key does not read.
 */
public final class DirectoryMediaStore implements MediaStore {

    private static final int BUFFER = 1 << 16;
    private final Path root;

    public DirectoryMediaStore(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    @Override
    public void put(String key, InputStream content, OptionalLong size, String contentType) throws IOException {
        Path target = fileOf(key);
        Path dir = Files.createDirectories(target.getParent());
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = content.read(buffer)) >= 0; ) {
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            DirectorySync.force(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public OptionalLong storedSize(String key) throws IOException {
        try {
            return OptionalLong.of(Files.size(fileOf(key)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /** Keys come from core and are plain, but a key reaching outside the directory is refused all the same. */
    private Path fileOf(String key) throws IOException {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root) || key.startsWith("/") || key.contains("\\")) {
            throw new IOException("the key '" + key + "' does not name a file inside the media directory");
        }
        return file;
    }
}
