package io.zimmigrate.files.jsonl;

import io.zimmigrate.core.plan.PlanHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;

/**
 * What a followed JSON Lines file's last read leaves for the next read in the same process (issue 15,
 * {@code run --follow}): the extent it measured, the hash state after those bytes, the file's key (device and
 * inode) and a sample fingerprint of the first and last 64 KiB of them. Owned by the follow loop, handed to each
 * {@link JsonlSource#upTo(long, JsonlFollowMemory) read up to a byte}. Trusted for a while only
 * ({@link #DEFAULT_RECHECK}): the first growth after that hashes the whole file again.
 *
 * <p>A later read whose earlier extent is the one held goes on hashing from the held state, reading only what was
 * appended, when the file is still the same file (same key) and the sample is unchanged; otherwise it hashes the
 * earlier bytes again, as a read without memory does. What this trusts (docs/decisions.md): a program that rewrites
 * bytes in the middle of the followed file, in place (same file, same length before the old end, first and last
 * 64 KiB unchanged), is not noticed until the whole file is hashed again: by the first growth a minute after the
 * last such hash, or by the next process. Nothing of it is imported meanwhile (a growth imports appended lines only);
 * that hash finds the earlier bytes changed, and the file is compared as a delta, naming the edited line
 * {@code record.changed-since-import}. Not thread-safe: one follow, one read at a time.
 */
public final class JsonlFollowMemory {
    /** How long memory is trusted after the file was last hashed from its first byte, by default. */
    public static final Duration DEFAULT_RECHECK = Duration.ofMinutes(1);

    private final long recheckNanos;
    private long hashedAtNanos;
    private Path path;
    private Object fileKey;
    private JsonlPrefix extent;
    private PlanHasher state;
    private String sample;
    private long trusted;
    private long hashedAgain;

    /** Trusted for {@link #DEFAULT_RECHECK} after each hash of the whole file. */
    public JsonlFollowMemory() {
        this(DEFAULT_RECHECK);
    }

    /** Trusted for {@code recheck} after each hash of the whole file (zero: every read hashes it all). */
    public JsonlFollowMemory(Duration recheck) {
        this.recheckNanos = recheck.toNanos();
    }

    /** The extent of {@code path}'s first {@code upTo} bytes grown from {@code earlier}; null: not from memory. */
    synchronized JsonlPrefix grown(Path path, long upTo, JsonlPrefix earlier) throws IOException {
        if (extent == null || !extent.equals(earlier) || !path.equals(this.path) || upTo <= extent.bytes()
                || System.nanoTime() - hashedAtNanos >= recheckNanos) {
            return null;
        }
        Object key = fileKey(path);
        if (key == null || !key.equals(fileKey) || !JsonlPrefix.sample(path, extent.bytes()).equals(sample)) {
            forget();
            return null;
        }
        PlanHasher[] end = new PlanHasher[1];
        JsonlPrefix now = extent.extend(path, upTo, state, end);
        remember(path, now, end[0], key);
        trusted++;
        return now;
    }

    /** Holds {@code extent} of {@code path}, measured from its first byte, and the hash state after it. */
    synchronized void measured(Path path, JsonlPrefix extent, PlanHasher state) throws IOException {
        hashedAgain++;
        hashedAtNanos = System.nanoTime();
        remember(path, extent, state, fileKey(path));
    }

    private void remember(Path path, JsonlPrefix extent, PlanHasher state, Object key) throws IOException {
        if (key == null) {
            forget(); // a file system without file keys: every read hashes the file again
            return;
        }
        this.path = path;
        this.fileKey = key;
        this.extent = extent;
        this.state = Objects.requireNonNull(state);
        this.sample = JsonlPrefix.sample(path, extent.bytes());
    }

    private void forget() {
        path = null;
        fileKey = null;
        extent = null;
        state = null;
        sample = null;
    }

    /** How many reads went on from memory, and how many hashed the file from its first byte (tests, reports). */
    public synchronized long[] counts() {
        return new long[] {trusted, hashedAgain};
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }
}
