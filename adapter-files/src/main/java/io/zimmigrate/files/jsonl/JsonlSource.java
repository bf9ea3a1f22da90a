package io.zimmigrate.files.jsonl;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.plan.PlanHasher;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The canonical input format (docs/input-format.md): a JSON Lines file, one message object per line. Streams the
 * file, so its size does not matter; each record carries its 1-based line number. Blank lines are skipped but
 * counted. A line that is not valid UTF-8, not JSON, of the wrong shape or longer than the cap becomes an
 * {@link SourceRecord.Unreadable} record for that line; only a file that cannot be opened or read at all is a
 * {@link SourceException}. Each pass reads ahead on a thread of its own (see {@link #open()}).
 */
public final class JsonlSource implements io.zimmigrate.core.port.GrowingSource {
    /** Longest line kept: far above ZIM's largest message (32 KB body + 1 KB extended data), far below a heap. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

    private final Path path;
    private final String name;
    private final int maxLineBytes;
    /** Bytes read from the start of the file; -1: the whole file, whatever its size when a pass reads it. */
    private final long limit;
    /** Where reading starts (the appended part of a followed file), and how many lines come before it. */
    private final long from;
    private final long linesBefore;
    /** What this source reads, once measured ({@link #extent()}). */
    private JsonlPrefix extent;
    /** The follow's memory of the last read (null: none), so a growth reads only what was appended. */
    private final JsonlFollowMemory memory;

    /** Reads {@code path}; reports name it as given. */
    public JsonlSource(Path path) {
        this(path, path.toString(), DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * @param name         how reports name the file (usually the path as the user typed it)
     * @param maxLineBytes lines longer than this are rejected with {@value CanonicalRecords#RULE_TOO_LONG}
     */
    public JsonlSource(Path path, String name, int maxLineBytes) {
        this(path, name, maxLineBytes, -1);
    }

    private JsonlSource(Path path, String name, int maxLineBytes, long limit) {
        this(path, name, maxLineBytes, limit, 0, 0, null);
    }

    private JsonlSource(Path path, String name, int maxLineBytes, long limit, long from, long linesBefore,
                        JsonlFollowMemory memory) {
        this.memory = memory;
        this.limit = limit;
        this.from = from;
        this.linesBefore = linesBefore;
        this.path = Objects.requireNonNull(path, "path");
        this.name = Objects.requireNonNull(name, "name");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    /**
     * The same file read only up to byte {@code bytes} (run --follow: the complete lines of a file still being
     * written, {@link #completeLength}), so every pass of a run reads the same lines however much is appended.
     */
    public JsonlSource upTo(long bytes) {
        return upTo(bytes, null);
    }

    /**
     * The same, with the follow's {@code memory} of its last read: a growth then hashes only the appended bytes when
     * the file is still the same one ({@link JsonlFollowMemory} says what that trusts).
     */
    public JsonlSource upTo(long bytes, JsonlFollowMemory memory) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        return new JsonlSource(path, name, maxLineBytes, bytes, 0, 0, memory);
    }

    /**
     * How many bytes of {@code path} are complete lines: up to and including its last {@code '\n'} (0 when it has
     * none). A line still being written, with no newline yet, is left for later.
     */
    public static long completeLength(Path path) throws java.io.IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
            for (long end = ch.size(); end > 0; ) {
                long from = Math.max(0, end - buf.capacity());
                buf.clear().limit((int) (end - from));
                while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                    // until the slice is read (or the file shrank)
                }
                for (int i = buf.position() - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        return from + i + 1;
                    }
                }
                end = from;
            }
            return 0;
        }
    }

    /** Read up to a byte ({@link #upTo}): that length, its lines and bytes' fingerprint (issue 15); else empty. */
    @Override
    public synchronized Optional<String> extent() {
        if (limit < 0 || from > 0) {
            return Optional.empty();
        }
        try {
            if (extent == null) {
                PlanHasher[] end = new PlanHasher[1];
                extent = JsonlPrefix.measure(path, limit, maxLineBytes, null, end);
                if (memory != null) {
                    memory.measured(path, extent, end[0]);
                }
            }
            return Optional.of(extent.text());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The lines after {@code earlier}, when its bytes are unchanged (hashed again: one read, no parsing). */
    @Override
    public synchronized Optional<MessageSource> appendedSince(String earlier) {
        JsonlPrefix before = JsonlPrefix.parse(earlier);
        if (limit < 0 || from > 0 || before == null || before.bytes() >= limit) {
            return Optional.empty();
        }
        try {
            JsonlPrefix now = memory == null ? null : memory.grown(path, limit, before);
            if (now == null) {
                PlanHasher[] end = new PlanHasher[1];
                now = JsonlPrefix.measure(path, limit, maxLineBytes, before, end);
                if (now == null) {
                    return Optional.empty();
                }
                if (memory != null) {
                    memory.measured(path, now, end[0]);
                }
            }
            extent = now;
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new JsonlSource(path, name, maxLineBytes, limit, before.bytes(), before.lines(), null));
    }

    /** The file's path, size, modification time and ends, and the line cap (which decides what is rejected). */
    @Override
    public Optional<String> identity() {
        if (from > 0) {
            return Optional.empty(); // a part of the file: never a plan of its own
        }
        return io.zimmigrate.files.support.FileIdentity.of(path).map(file -> "jsonl|max-line-bytes=" + maxLineBytes
                + (limit < 0 ? "" : "|up-to=" + limit) + "|" + file);
    }

    /**
     * Lines are read and decoded ahead on a thread of the stream's own, and by the caller too whenever it would
     * otherwise wait for them ({@link SharedDecodingRecords}), while the caller works on the records before.
     */
    @Override
    public RecordStream open() {
        return new SharedDecodingRecords(lineReader(), name, maxLineBytes);
    }

    /** A pass that reads and decodes each batch of lines when asked, on the caller's thread. */
    RecordStream openInline() {
        return new Records(lineReader());
    }

    private LineReader lineReader() {
        InputStream in = openFile(path, name);
        try {
            in.skipNBytes(from);
        } catch (IOException e) {
            throw new SourceException(name + ": cannot be read from byte " + from + ": " + e.getMessage(), e);
        }
        return new LineReader(limit < 0 ? in : com.google.common.io.ByteStreams.limit(in, limit - from), maxLineBytes)
                .numberedAfter(linesBefore);
    }

    /** Opens {@code path} or says, naming the file, why it cannot be read. */
    static InputStream openFile(Path path, String name) {
        if (Files.isDirectory(path)) {
            throw new SourceException(name + ": is a directory, not a file");
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new SourceException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new SourceException(name + ": cannot be read (permission denied)");
        } catch (IOException | SecurityException e) {
            throw new SourceException(name + ": cannot be opened: " + e.getMessage(), e);
        }
    }

    /** One pass on the caller's thread: a batch of lines read and decoded at once ({@link LineBatch}). */
    private final class Records implements RecordStream {
        private final LineReader lines;
        private final LineBatch batch = new LineBatch();
        private int at;
        private boolean started;
        private boolean done;

        Records(LineReader lines) {
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            while (!done) {
                if (started && at < batch.count) {
                    return true;
                }
                if (started && (batch.failure != null || batch.last)) {
                    done = true;
                    if (batch.failure != null) {
                        throw batch.failure;
                    }
                    return false;
                }
                batch.read(lines, name, maxLineBytes);
                batch.decode();
                started = true;
                at = 0;
            }
            return false;
        }

        @Override
        public SourceRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more records in " + name);
            }
            SourceRecord r = batch.records[at];
            batch.records[at++] = null;
            return r;
        }

        @Override
        public void close() {
            done = true;
            try {
                lines.close();
            } catch (IOException ignored) {
                // Nothing was written; a failed close of a file we only read loses nothing.
            }
        }
    }

    @Override
    public String toString() {
        return "JsonlSource[" + name + "]";
    }
}
