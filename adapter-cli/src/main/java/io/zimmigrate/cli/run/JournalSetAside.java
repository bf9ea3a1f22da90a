package io.zimmigrate.cli.run;

import io.zimmigrate.cli.UserException;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.journal.FilePlanStore;
import io.zimmigrate.files.journal.JournalException;
import io.zimmigrate.files.journal.JournalLockedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the journal for {@code run --recover}: a journal that cannot be trusted (damaged, of another format, or a
 * kept plan whose log is gone) is moved aside, never deleted, into {@code set-aside-<UTC time>/} in the same
 * directory, and a fresh journal is opened in its place for the engine to rebuild from ZIM. A journal another run
 * holds is never touched.
 */
final class JournalSetAside {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private JournalSetAside() {}

    static FileJournal openForRecovery(Path dir, Instant now, PrintWriter err) {
        try {
            FileJournal journal = FileJournal.open(dir);
            try {
                journal.check(); // every line now, even of a log too long to check when opened
            } catch (RuntimeException e) {
                journal.close();
                throw e;
            }
            return journal;
        } catch (JournalLockedException e) {
            throw e;
        } catch (JournalException e) {
            Path aside = setAside(dir, now);
            err.println("journal: " + e.getMessage().split("\\. ", 2)[0] + ".");
            err.println("journal: moved it aside to " + aside + " (kept, not deleted); rebuilding it from what ZIM holds");
            err.flush();
            return FileJournal.open(dir);
        }
    }

    private static Path setAside(Path dir, Instant now) {
        Path aside = dir.resolve("set-aside-" + STAMP.format(now));
        try {
            Files.createDirectories(aside);
            List<Path> files = new ArrayList<>(List.of(dir.resolve(FileJournal.LOG_FILE)));
            try (DirectoryStream<Path> plans = Files.newDirectoryStream(dir, "plan.*")) {
                plans.forEach(files::add); // plan.bin, and the head and parts of a plan grown by a follow
            }
            for (Path file : files) {
                if (Files.exists(file)) {
                    Files.move(file, aside.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UserException("cannot move the damaged journal in " + dir + " aside to " + aside + ": "
                    + e.getMessage() + "; move " + FileJournal.LOG_FILE + " and " + FilePlanStore.PLAN_FILE
                    + " out of the directory yourself, then run again with --recover");
        }
        return aside;
    }
}
