package io.zimmigrate.files.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The OS lock on {@value FileJournal#LOCK_FILE} a run holds for as long as its journal is open (released even when
 * the process is killed), so two runs cannot write one journal at once.
 */
final class JournalLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the journal in {@code dir} (an existing directory).
     *
     * @throws JournalLockedException if another run (or this process) holds it
     * @throws JournalException if the lock file cannot be opened or locked
     */
    static JournalLock take(Path dir) {
        Path file = dir.resolve(FileJournal.LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new JournalException("cannot open the journal lock " + file + ": " + FileJournal.reason(e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException e) {
            FileJournal.closeQuietly(channel);
            throw new JournalException("cannot lock the journal " + file + ": " + FileJournal.reason(e), e);
        }
        if (lock == null) {
            FileJournal.closeQuietly(channel);
            throw new JournalLockedException("the journal in " + dir + " is in use by another run (it holds "
                    + FileJournal.LOCK_FILE + "); wait for that run to finish, or give this run its own journal directory");
        }
        return new JournalLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException | RuntimeException ignored) {
            // closing the channel releases it anyway
        }
        FileJournal.closeQuietly(channel);
    }
}
