package io.zimmigrate.files.journal;

import io.zimmigrate.core.port.Journal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The {@link Journal} kept in a directory: {@value #LOG_FILE} holds one UTF-8 line per entry, each ended by '\n'.
 * Its first line names the file format ({@code zim-migrate journal format 4}); every line starts with a CRC-32C of
 * its number in the file and its text (8 hex digits and a space), so a line changed, corrupted or removed after it
 * was written is found before anything trusts it (when opened, or for a log over 16 MB by its first whole read, a
 * run's replay before anything is sent: {@link JournalDamagedException}, naming file and line); a log of another
 * format is refused naming both versions ({@link JournalFormatException}). Bump {@link #FORMAT} whenever the lines
 * or what they stand for change, including the function behind the input fingerprint. A directory holding a kept
 * plan but no log is refused: starting over would import everything again. {@value #LOCK_FILE} is held locked (an
 * OS file lock, released even when the process is killed) while the journal is open: one writer at a time.
 *
 * <p>Durability: {@link #append} writes its lines and calls {@code FileChannel.force(false)} (fdatasync, which
 * also persists the file's new length) before it returns. While open, the log keeps zeroed room ahead of its lines,
 * so most appends write into bytes the file already has and their sync is data only ({@link LogTail}); closing cuts
 * the room off, a crash leaves it, and opening treats it as the end of the log. A crash mid-write can leave a last
 * line without its '\n'; that torn tail was never acknowledged, so {@link #replay} skips it and the next append
 * first cuts it off, so new lines are never glued to it. {@link #rewrite} writes a temporary file, syncs it, renames it over
 * the log atomically and syncs the directory, so a crash leaves either the old log or the new one.
 *
 * <p>Thread-safe; one instance per directory per process.
 */
public final class FileJournal implements Journal {
    public static final String LOG_FILE = "journal.log";
    public static final String LOCK_FILE = "journal.lock";
    static final String TEMP_FILE = "journal.log.tmp";
    /**
     * The log's format: 2 added the header and the line checksums (format 1 had neither); 3 adds the plan's number
     * of a timeline to its lines (issue 15, P6); 4 adds the dense lines of a compact log (a line per 4,096 of a
     * plan's timelines, by number: core's {@code DenseForm}); 5 adds the dense line that says every user of the plan
     * was provisioned (instead of a line per 1,000 of their IDs). A log of format 2 to 4 (from {@link #OLDEST_READ})
     * is read as it is (its lines are lines of format 5 without numbers or the newer dense lines); its header becomes
     * format 5 in place before a line is added ({@link JournalLineFormat#upgradeHeader}), and its next compaction
     * writes the newer lines. A zim-migrate that reads format 4 at most refuses a log of format 5, naming both.
     */
    public static final int FORMAT = 5;
    public static final int OLDEST_READ = 2;

    private final Path dir;
    private final Path log;
    private final JournalLock lock;
    private FileChannel out;
    /** Length of the log's complete lines; bytes beyond it are zeroed room, or a torn tail to cut before the next write. */
    private long end;
    /** The file's length: the lines and the zeroed room after them. */
    private long size;
    /** Zeroed room added ahead of the lines at a time (0: none, every append makes the file longer). */
    private final long roomBytes;
    /** Bytes after {@link #end} that are not (only) zeroed room: a torn line, or what a failed write left. */
    private boolean tailToCut;
    /** Complete lines in the log, the header included: the number of the next line is one more (once {@link #checked}). */
    private long lines;
    /**
     * Whether every line was read and checked (and {@link #lines} counted): a log too long to keep has only its head
     * read when opened; the first read of all its lines (a run's replay, before anything is sent) checks them, so a
     * start reads it once (P6), and a write first checks it.
     */
    private boolean checked;
    private int format = FORMAT; // the log's, as its header says
    /** Bytes of a torn last line found when the log was opened (a crash mid-write), dropped. */
    private long tornTail;
    private boolean closed;
    /**
     * The log's lines as opening read and checked them, kept until the first write: the replays of a start do not
     * read the file again (P6); null once anything was written, or for a log too long to keep.
     */
    private List<String> readAtOpen;
    /** Logs up to this long (complete lines, bytes) are kept in memory from opening until the first write. */
    static final long KEEP_READ_AT_OPEN_BYTES = 16L << 20;

    private FileJournal(Path dir, JournalLock lock, long roomBytes) {
        this.dir = dir;
        this.roomBytes = roomBytes;
        this.log = dir.resolve(LOG_FILE);
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}.
     *
     * @throws JournalLockedException if another run holds it
     * @throws JournalException if the directory or its files cannot be created or read
     */
    public static FileJournal open(Path dir) {
        return open(dir, LogTail.ROOM_BYTES);
    }

    /**
     * Opens the journal in {@code dir} keeping {@code roomBytes} of zeroed room ahead of its lines while it is open
     * ({@link LogTail}); 0 makes every append grow the file (the way before, kept for the benchmark that compares).
     */
    public static FileJournal open(Path dir, long roomBytes) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs.resolve(FilePlanStore.PLAN_FILE)) && !Files.exists(abs.resolve(LOG_FILE))) {
            throw JournalLineFormat.planWithoutLog(abs, "no " + LOG_FILE);
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new JournalException("cannot create the journal directory " + abs + ": " + reason(e), e);
        }
        JournalLock lock = JournalLock.take(abs);
        FileJournal journal = new FileJournal(abs, lock, roomBytes);
        try {
            journal.openLog(true);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    /** The directory this journal lives in. */
    public Path directory() {
        return dir;
    }

    /** The bytes of a torn last line dropped when the journal was opened; 0 when the log ended cleanly. */
    public long tornTailBytes() {
        return tornTail;
    }

    private void openLog(boolean keepLines) {
        boolean existed = Files.exists(log);
        try {
            out = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            end = LogTail.completeLength(out);
            size = out.size();
            tornTail = LogTail.tornBytes(out, end);
            tailToCut = tornTail > 0;
            if (!existed) {
                DirectorySync.force(dir); // make the new file's name durable too
            }
        } catch (IOException e) {
            throw new JournalException("cannot open the journal " + log + ": " + reason(e), e);
        }
        lines = 0;
        checked = false;
        format = FORMAT;
        boolean entries;
        if (end <= KEEP_READ_AT_OPEN_BYTES) {
            List<String> kept = keepLines ? new ArrayList<>() : null;
            read(kept == null ? line -> { } : kept::add); // checks the format and every line before anything trusts them
            readAtOpen = kept;
            entries = lines > 1;
        } else {
            LogReader.Read head = LogReader.read(log, end, line -> false); // the header and the first entry, checked
            format = head.format();
            entries = head.lines() > 1;
        }
        if (!entries && Files.exists(dir.resolve(FilePlanStore.PLAN_FILE))) {
            throw JournalLineFormat.planWithoutLog(dir, "no entry in " + LOG_FILE);
        }
        if (end == 0) {
            append(List.of()); // a new log (or only a torn line): it starts with its header
        }
    }

    @Override
    public synchronized void replay(Consumer<String> sink) {
        ensureOpen();
        if (readAtOpen != null) {
            readAtOpen.forEach(sink); // nothing was written since the file was read and checked
            return;
        }
        read(sink);
    }

    /** Feeds lines, oldest first, while {@code sink} returns true: a start reads the log's head and no further. */
    @Override
    public synchronized void replayWhile(Predicate<String> sink) {
        ensureOpen();
        if (readAtOpen != null) {
            readAtOpen.stream().takeWhile(sink).forEach(line -> { }); // read and checked when opened
            return;
        }
        LogReader.Read read = LogReader.read(log, end, sink);
        if (read.whole()) {
            counted(read);
        }
    }

    /** Reads and checks every line now, if no read since opening has (a run that rebuilds a damaged journal). */
    public synchronized void check() {
        ensureOpen();
        ensureChecked();
    }

    private void ensureChecked() {
        if (!checked) {
            read(line -> { }); // every line checked, and counted: a new line's checksum covers its number
        }
    }

    /** Feeds every complete line but the header to {@code sink}, checking each; counts them in {@link #lines}. */
    private void read(Consumer<String> sink) {
        counted(LogReader.read(log, end, line -> { sink.accept(line); return true; }));
    }

    private void counted(LogReader.Read read) {
        lines = read.lines();
        format = read.format() == 0 ? FORMAT : read.format();
        checked = true;
    }

    @Override
    public synchronized void append(List<String> lines) {
        ensureOpen();
        ensureChecked();
        if (lines.isEmpty() && this.lines > 0) {
            return;
        }
        readAtOpen = null;
        ByteBuffer bytes = JournalLineFormat.encode(this.lines == 0 ? JournalLineFormat.withHeader(lines) : lines, this.lines + 1);
        try {
            if (tailToCut) {
                out.truncate(end); // cut a torn tail (or a failed earlier write) before adding to it
                size = end;
                tailToCut = false;
            }
            if (format < FORMAT && this.lines > 0) {
                JournalLineFormat.upgradeHeader(out, format, log); // before any line of format 4 follows it
                format = FORMAT;
            }
            long pos = end;
            tailToCut = true; // until the lines are durable
            while (bytes.hasRemaining()) {
                pos += out.write(bytes, pos);
            }
            size = LogTail.roomFor(out, pos, size, roomBytes);
            out.force(false);
            tailToCut = false;
            end = pos;
            this.lines += this.lines == 0 ? lines.size() + 1 : lines.size();
        } catch (IOException e) {
            throw new JournalException("cannot write the journal " + log + ": " + reason(e), e);
        }
    }

    /**
     * Writes the lines to a temporary file a batch at a time ({@link RewriteFile}), in the order the list's iterator
     * gives them (a compaction's lines are made as they are read: the new log never sits in memory whole), syncs it
     * and renames it over the log.
     */
    @Override
    public synchronized void rewrite(List<String> lines) {
        ensureOpen();
        readAtOpen = null;
        Path temp = dir.resolve(TEMP_FILE);
        long written;
        try {
            written = RewriteFile.write(temp, lines);
            Files.move(temp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DirectorySync.force(dir);
        } catch (IOException e) {
            throw new JournalException("cannot rewrite the journal " + log + " (the old log is intact): " + reason(e), e);
        }
        closeQuietly(out); // it still points at the replaced file
        out = null;
        openLog(false);
        this.lines = written; // as written: no need to read it again
        checked = true;
    }


    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        readAtOpen = null;
        cutRoom();
        closeQuietly(out);
        lock.close();
    }

    /**
     * A closed log ends with its last line: the zeroed room is for writing, not for readers of the file. A torn
     * tail is left for the next append to cut (and the next run to report), as before there was room.
     */
    private void cutRoom() {
        if (out == null || !out.isOpen() || tailToCut || size <= end) {
            return;
        }
        try {
            out.truncate(end);
        } catch (IOException e) {
            // Left as it is: the next opening treats zeroed room (and any torn tail) as the end of the log.
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the journal in " + dir + " is closed");
        }
    }

    static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing useful to do on close
            }
        }
    }
}
