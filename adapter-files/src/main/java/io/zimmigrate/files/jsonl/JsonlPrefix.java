package io.zimmigrate.files.jsonl;

import io.zimmigrate.core.plan.PlanHasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The part of a JSON Lines file a plan was made from, as the kept plan records it (issue 15, {@code run --follow}):
 * its length, how many lines it holds and a 128-bit fingerprint of its bytes. A later read of the file checks those
 * bytes are unchanged by hashing them again (one sequential read, no parsing) and goes on hashing what was appended,
 * so its own extent costs nothing more. Lines are counted in the appended bytes only: equal bytes hold the lines
 * counted when they were measured.
 */
record JsonlPrefix(long bytes, long lines, String hash, int maxLineBytes) {
    private static final String PREFIX = "jsonl-lines|v1|";
    private static final int CHUNK = 1 << 20;

    String text() {
        return PREFIX + "bytes=" + bytes + "|lines=" + lines + "|murmur3=" + hash + "|max-line-bytes=" + maxLineBytes;
    }

    /** The extent {@link #text()} wrote; null when {@code text} is not one (another source's, or damaged). */
    static JsonlPrefix parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = text.substring(PREFIX.length()).split("\\|");
        if (parts.length != 4 || !parts[0].startsWith("bytes=") || !parts[1].startsWith("lines=")
                || !parts[2].startsWith("murmur3=") || !parts[3].startsWith("max-line-bytes=")) {
            return null;
        }
        try {
            return new JsonlPrefix(Long.parseLong(parts[0].substring(6)), Long.parseLong(parts[1].substring(6)),
                    parts[2].substring(8), Integer.parseInt(parts[3].substring(15)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The extent of {@code path}'s first {@code upTo} bytes; when {@code earlier} is given, null unless the file's
     * first {@code earlier.bytes()} bytes are still the ones it describes (same lines, same fingerprint).
     */
    static JsonlPrefix measure(Path path, long upTo, int maxLineBytes, JsonlPrefix earlier) throws IOException {
        if (earlier != null && (earlier.bytes > upTo || earlier.maxLineBytes != maxLineBytes)) {
            return null;
        }
        PlanHasher hasher = new PlanHasher();
        long lines = 0;
        long at = 0;
        try (FileChannel ch = FileChannel.open(path)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            while (at < upTo || earlier != null && at == earlier.bytes) {
                if (earlier != null && at == earlier.bytes) {
                    if (!hasher.copy().hash().equals(earlier.hash)) {
                        return null;
                    }
                    lines = earlier.lines; // the same bytes: the same lines, counted when they were measured
                    earlier = null;
                    continue;
                }
                long stop = earlier != null ? earlier.bytes : upTo;
                buf.clear().limit((int) Math.min(CHUNK, stop - at));
                int n = ch.read(buf, at);
                if (n <= 0) {
                    throw new IOException("the file ended at byte " + at + " before byte " + upTo);
                }
                byte[] b = buf.array();
                if (earlier == null) { // the earlier bytes' lines are known once their hash matches
                    for (int i = 0; i < n; i++) {
                        if (b[i] == '\n') {
                            lines++;
                        }
                    }
                }
                hasher.putBytes(b, 0, n);
                at += n;
            }
        }
        return new JsonlPrefix(upTo, lines, hasher.hash(), maxLineBytes);
    }
}
