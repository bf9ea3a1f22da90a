package io.zimmigrate.files.scratch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Who owns a sort folder, so that a folder left by a killed process is removed at the next start and a live
 * process's folder never is. A folder is named {@code zim-migrate-sort-<pid>-<random>} (the pid is for people
 * reading the temp directory) and holds {@code owner.lock}, locked by its owner for as long as it lives: the
 * operating system drops the lock when the process dies, however it dies (SIGKILL included). The lock, not the
 * pid, decides: pids are reused, and a temp directory shared between containers sees other pid namespaces.
 */
final class ScratchOwnership {
    static final String PREFIX = "zim-migrate-sort-";
    static final String LOCK = "owner.lock";
    /** A folder without its lock file is its owner's only between two system calls; older, it was left by a kill. */
    static final Duration UNLOCKED_GRACE = Duration.ofMinutes(1);
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "\\d+-\\d+");

    private ScratchOwnership() {}

    /** A new folder under {@code parent}, named for this process; {@link #claim} it at once. */
    static Path create(Path parent) throws IOException {
        return Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-");
    }

    /**
     * Locks {@code dir} for this process until the returned lock's channel is closed. The lock file is locked under
     * a temporary name and renamed into place, so whoever sees {@code owner.lock} sees it locked (a lock belongs to
     * the file, not to its name).
     */
    static FileLock claim(Path dir) throws IOException {
        Path pending = dir.resolve(LOCK + ".new");
        FileChannel channel = FileChannel.open(pending, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            Files.move(pending, dir.resolve(LOCK), StandardCopyOption.ATOMIC_MOVE);
            return lock;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Removes the sort folders under {@code parent} whose owner is gone; anything unsure is left alone. */
    static void sweep(Path parent, Instant now) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path folder : folders) {
                if (NAME.matcher(folder.getFileName().toString()).matches() && Files.isDirectory(folder)) {
                    removeIfOrphaned(folder, now);
                }
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // Cleaning up after an earlier kill is a courtesy: a temp directory we cannot list costs this run nothing.
        }
    }

    private static void removeIfOrphaned(Path folder, Instant now) throws IOException {
        Path lockFile = folder.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            FileTime modified = Files.getLastModifiedTime(folder);
            if (modified.toInstant().plus(UNLOCKED_GRACE).isBefore(now)) {
                delete(folder);
            }
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return; // another process owns it and is alive
            }
            try {
                delete(folder);
            } finally {
                lock.release();
            }
        } catch (OverlappingFileLockException e) {
            // this process owns it (another scratch space open in the same JVM)
        } catch (java.nio.file.NoSuchFileException e) {
            // removed by another process sweeping at the same time
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Leftover temporary files are harmless; the next start tries again.
        }
    }
}
