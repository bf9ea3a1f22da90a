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
    private static final int SAMPLE = 64 * 1024;

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
        return measure(path, upTo, maxLineBytes, earlier, null);
    }

    /** The same; {@code end}, when given, gets the hash state after the {@code upTo} bytes (to go on from). */
    static JsonlPrefix measure(Path path, long upTo, int maxLineBytes, JsonlPrefix earlier, PlanHasher[] end)
            throws IOException {
        if (earlier != null && (earlier.bytes > upTo || earlier.maxLineBytes != maxLineBytes)) {
            return null;
        }
        PlanHasher hasher = new PlanHasher();
        long lines = 0;
        long at = 0;
        try (FileChannel ch = FileChannel.open(path)) {
            if (earlier != null) {
                read(ch, 0, earlier.bytes, hasher, false);
                if (!hasher.copy().hash().equals(earlier.hash)) {
                    return null;
                }
                lines = earlier.lines; // the same bytes: the same lines, counted when they were measured
                at = earlier.bytes;
            }
            lines += read(ch, at, upTo, hasher, true);
        }
        if (end != null) {
            end[0] = hasher.copy();
        }
        return new JsonlPrefix(upTo, lines, hasher.hash(), maxLineBytes);
    }

    /**
     * The extent of the first {@code upTo} bytes, going on from {@code state} (the hash state after this extent's
     * bytes, kept by a {@link JsonlFollowMemory}): only the bytes after it are read, their lines counted.
     */
    JsonlPrefix extend(Path path, long upTo, PlanHasher state, PlanHasher[] end) throws IOException {
        PlanHasher hasher = state.copy();
        long more;
        try (FileChannel ch = FileChannel.open(path)) {
            more = read(ch, bytes, upTo, hasher, true);
        }
        if (end != null) {
            end[0] = hasher.copy();
        }
        return new JsonlPrefix(upTo, lines + more, hasher.hash(), maxLineBytes);
    }

    /** A fingerprint of the first and the last 64 KiB of the first {@code upTo} bytes (a cheap look at them). */
    static String sample(Path path, long upTo) throws IOException {
        PlanHasher hasher = new PlanHasher();
        long head = Math.min(SAMPLE, upTo);
        try (FileChannel ch = FileChannel.open(path)) {
            read(ch, 0, head, hasher, false);
            read(ch, Math.max(head, upTo - SAMPLE), upTo, hasher, false);
        }
        return hasher.putLong(upTo).hash();
    }

    /** Hashes the bytes {@code [from, to)} of {@code ch} onto {@code hasher}; their newlines, when asked to count. */
    private static long read(FileChannel ch, long from, long to, PlanHasher hasher, boolean count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, to - from)));
        long lines = 0;
        for (long at = from; at < to; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), to - at));
            int n = ch.read(buf, at);
            if (n <= 0) {
                throw new IOException("the file ended at byte " + at + " before byte " + to);
            }
            byte[] b = buf.array();
            if (count) {
                for (int i = 0; i < n; i++) {
                    if (b[i] == '\n') {
                        lines++;
                    }
                }
            }
            hasher.putBytes(b, 0, n);
            at += n;
        }
        return lines;
    }
}
