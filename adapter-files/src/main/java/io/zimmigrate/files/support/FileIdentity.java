package io.zimmigrate.files.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The cheap identity of one input file ({@link io.zimmigrate.core.port.MessageSource#identity()}): its absolute
 * path, size, modification time and a checksum of its first and last 64 KiB, read in a few milliseconds whatever
 * the file's size. Rewriting the file changes its modification time, and editing it in place without doing so
 * almost always changes its size or one of its ends, so a changed file is planned again. Empty when the file
 * cannot be read (planning in full then reports why).
 */
public final class FileIdentity {
    static final int END_BYTES = 64 * 1024;

    private FileIdentity() {}

    public static Optional<String> of(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        try (FileChannel ch = FileChannel.open(abs, StandardOpenOption.READ)) {
            BasicFileAttributes attrs = Files.readAttributes(abs, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            long size = ch.size();
            CRC32C ends = new CRC32C();
            checksum(ch, 0, Math.min(size, END_BYTES), ends);
            checksum(ch, Math.max(0, size - END_BYTES), size, ends);
            return Optional.of("file=" + abs + "|size=" + size + "|modified=" + attrs.lastModifiedTime().toInstant()
                    + "|ends=" + Long.toHexString(ends.getValue()));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static void checksum(FileChannel ch, long from, long to, CRC32C crc) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) (to - from));
        long pos = from;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("the file shrank while it was read");
            }
            pos += n;
        }
        buf.flip();
        crc.update(buf);
    }
}
