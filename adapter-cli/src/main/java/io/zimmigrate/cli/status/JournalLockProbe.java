package io.zimmigrate.cli.status;

import io.zimmigrate.files.journal.FileJournal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a run holds a journal: it keeps an OS lock on {@link FileJournal#LOCK_FILE} while it runs, released
 * even when the process is killed, so the lock (not the status file's "running") says whether a run is alive.
 * The probe takes the lock for an instant and gives it back at once.
 */
final class JournalLockProbe {
    private JournalLockProbe() {}

    static boolean held(Path journalDir) {
        Path lockFile = journalDir.resolve(FileJournal.LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very process (a run in the same JVM)
        } catch (IOException e) {
            return false;
        }
    }
}
