package io.zimmigrate.media;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes a directory's entries durable: a file renamed into place survives a power cut only once its directory is
 * forced too. (adapter-files has the same few lines; adapters do not depend on each other.)
 */
final class DirectorySync {
    private DirectorySync() {}

    static void force(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory; there the rename itself is what makes it durable.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
