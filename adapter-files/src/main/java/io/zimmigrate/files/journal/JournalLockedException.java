package io.zimmigrate.files.journal;

/** Another run (in this or another process) holds the journal; two writers would corrupt it. */
public final class JournalLockedException extends JournalException {
    public JournalLockedException(String message) {
        super(message);
    }
}
