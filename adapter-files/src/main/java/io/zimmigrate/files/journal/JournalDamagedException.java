package io.zimmigrate.files.journal;

/**
 * A line of the journal fails its checksum (or its place in the log): it was changed, truncated in the middle or
 * corrupted after it was written. Such a journal is never trusted; the message names the file and the line.
 */
public final class JournalDamagedException extends JournalException {
    public JournalDamagedException(String message) {
        super(message);
    }
}
