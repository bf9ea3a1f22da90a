package io.zimmigrate.files.journal;

/**
 * The journal cannot be used: its directory cannot be created, a write or a sync failed, or another run holds
 * it. The message names the directory or file and is meant for the user as it is.
 */
public class JournalException extends RuntimeException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
